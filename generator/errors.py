"""Errors a user can act on: each becomes one line on stderr and exit code 2."""


class UserError(Exception):
    """Bad input (configuration, model, arguments, output folder).

    The message is one line that names what is wrong and where.
    """

    exit_code = 2


class ConfigError(UserError):
    """`[tool.shapegen]` or the command line asks for something impossible."""


class ModelError(UserError):
    """The service model cannot be read or is inconsistent."""


class TemplateError(UserError):
    """A template produced output that is not valid for its kind of file."""


class OutputError(UserError):
    """The output folder cannot be written."""
