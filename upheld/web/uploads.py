"""Files a person sends from a public page (ISO 10002 7.2 supporting data, 4.3): one check
for the complaint form and the tracking page, so a file refused on one is refused on the
other. Sizes are checked before a file is read into memory; types by content
(complaints.filetypes)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from upheld.complaints import filetypes
from upheld.complaints.files import IncomingFile


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def help_text() -> str:
    return _("You can choose several files. Allowed types: %(types)s; at most %(size)s each.") % {
        "types": filetypes.describe_allowed(),
        "size": filesizeformat(filetypes.max_bytes()),
    }


def too_many(count: int) -> str:
    return _(
        "You can attach at most %(most)s files to one complaint; you chose "
        "%(count)s. Send the others to us after you have your reference."
    ) % {"most": settings.UPHELD_ATTACHMENT_MAX_FILES, "count": count}


def checked(
    uploads, already: int = 0, into: list[IncomingFile] | None = None
) -> list[IncomingFile]:
    """The uploads as files to keep, or a ValidationError listing every file refused and
    why. `already`: files the person attached before (held) that count towards the limit.
    `into`: a list the files that pass are added to, also when others are refused (the
    complaint form holds them and offers them again)."""
    refused, limit = [], filetypes.max_bytes()
    if len(uploads) + already > settings.UPHELD_ATTACHMENT_MAX_FILES:
        raise forms.ValidationError(too_many(len(uploads) + already))
    accepted = into if into is not None else []
    for upload in uploads:
        if upload.size > limit:  # refused before it is read into memory
            refused.append(
                _(
                    "“%(name)s” is %(size)s; files can be at most %(limit)s. Send a smaller "
                    "file, or send it to us another way."
                )
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                }
            )
            continue
        content = upload.read()
        try:
            kind = filetypes.check(upload.name, content)
        except ValueError as exc:
            refused.append(str(exc))
            continue
        accepted.append(IncomingFile(upload.name, content, kind))
    if refused:
        raise forms.ValidationError(refused)
    return accepted
