"""A complaint's files on the desk (ISO 10002 4.7): opened only by who may read the
complaint, each opening recorded, never run by the browser as part of the site."""

import pytest
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Attachment
from upheld.desk.complaint.models import AttachmentRead

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def with_files(cast):
    c = cast.receive(
        attachments=[
            IncomingFile("receipt.png", PNG, "image/png"),
            IncomingFile("letter.pdf", b"%PDF-1.4 letter", "application/pdf"),
        ]
    )
    lifecycle.add_correspondence(
        c,
        by=COMPLAINANT,
        direction="in",
        body="My statement.",
        attachments=[IncomingFile("statement.html", b"<script>alert(1)</script>", "text/html")],
    )
    return c, {a.filename: a for a in Attachment.objects.filter(complaint=c)}


def url(c, a, inline=False):
    return reverse("desk:attachment", args=[c.reference, a.pk]) + ("?inline=1" if inline else "")


def test_the_page_previews_pictures_and_links_every_file(client, handler, with_files):
    c, files = with_files
    client.force_login(handler)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert f'<img src="{url(c, files["receipt.png"], True)}"' in text
    assert f'href="{url(c, files["letter.pdf"], True)}"' in text
    assert f'href="{url(c, files["statement.html"])}"' in text


def test_a_picture_is_shown_sandboxed_and_its_opening_recorded(client, handler, with_files):
    c, files = with_files
    client.force_login(handler)
    answer = client.get(url(c, files["receipt.png"], inline=True))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PNG
    assert answer["Content-Type"] == "image/png"
    assert answer["Content-Disposition"].startswith("inline")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Security-Policy"] == "sandbox"
    [read] = AttachmentRead.objects.all()
    assert (read.reader, read.attachment, read.inline) == (handler, files["receipt.png"], True)


def test_anything_but_a_picture_or_a_pdf_is_only_downloaded(client, handler, with_files):
    c, files = with_files
    client.force_login(handler)
    answer = client.get(url(c, files["statement.html"], inline=True))
    assert answer["Content-Disposition"].startswith("attachment")
    assert answer["Content-Type"] == "application/octet-stream"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Security-Policy"] == "sandbox"
    assert AttachmentRead.objects.get().inline is False


def test_a_file_of_another_complaint_or_of_one_not_readable_is_not_there(
    client, handler, with_files, cast, monkeypatch
):
    c, files = with_files
    other = cast.receive()
    client.force_login(handler)
    wrong = reverse("desk:attachment", args=[other.reference, files["receipt.png"].pk])
    assert client.get(wrong).status_code == 404
    from django.db.models import Q

    from upheld.complaints import visibility

    monkeypatch.setattr(visibility, "rule", lambda user: ~Q(pk=c.pk))
    assert client.get(url(c, files["receipt.png"])).status_code == 404
    assert not AttachmentRead.objects.exists()


def test_signing_in_is_needed_and_a_role_that_reads_nothing_is_refused(
    client, make_user, with_files
):
    c, files = with_files
    assert client.get(url(c, files["receipt.png"])).status_code == 302
    client.force_login(make_user(None, "nobody"))
    assert client.get(url(c, files["receipt.png"])).status_code == 403
    assert not AttachmentRead.objects.exists()
