"""Errors that stop a command, each printed as one line naming the file."""


class CoprodError(Exception):
    """A problem with the user's input that makes the command fail."""


class ContentError(CoprodError):
    """A file under content/ cannot be used."""

    def __init__(self, path, message):
        super().__init__(f"{path}: error: {message}")
        self.path = path
        self.message = message

    def __reduce__(self):  # raised in a build's worker process, it must cross back intact
        return type(self), (self.path, self.message)
