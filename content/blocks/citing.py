"""What every block that states a claim shares: it must cite at least one Source."""

from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError


class RequiresSourcesMixin:
    """A StructBlock whose ``sources`` list must name at least one Source (an Argument, a
    key figure); ``missing_sources_message`` says so to the editor.

    The list itself allows zero items so that the message lands on the Sources field, in
    words, rather than as a generic "at least 1 item" error.
    """

    missing_sources_message = ""

    def clean(self, value):
        errors = {}
        try:
            value = super().clean(value)
        except StructBlockValidationError as error:
            errors.update(error.block_errors)
        sources = [source for source in value.get("sources") or [] if source]
        if "sources" not in errors and not sources:
            errors["sources"] = ValidationError(self.missing_sources_message)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value
