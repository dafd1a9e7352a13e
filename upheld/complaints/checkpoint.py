"""Signed checkpoints of the trail (ISO 10002 4.9, 8.1): what the chain cannot show alone.

Someone with write access to the database can delete a complaint's newest events and roll
the head kept on the complaint row back to match: the shorter chain still verifies. A
checkpoint, kept outside the database (a file in the auditor's hands, an e-mail), records
every complaint's head — its length and last hash — signed with an Ed25519 key that is not
in the database either (UPHELD_TRAIL_SIGNING_KEY, a PEM file). Later, `upheld verify-trail
--checkpoint FILE` checks the signature against the key and each recorded head against the
trail now: an event removed or a trail rolled back since is named.

The file is text: a header (format, time, count, the SHA-256 of the body, the public key
and the signature over the header lines above it), a blank line, then one line per
complaint, `REFERENCE LENGTH HEAD`, in pk order."""

import base64
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from .models import Complaint, Event

FORMAT = "upheld-trail-checkpoint 1"
CHUNK = 2000


class CheckpointInvalid(Exception):
    """The file is not a checkpoint signed by the expected key, or was altered."""


def make_key(path: str | Path) -> Path:
    """Write a new private key (PEM, readable by its owner only); refuses to overwrite."""
    path = Path(path)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return path


def key_path() -> Path:
    return Path(settings.UPHELD_TRAIL_SIGNING_KEY)


def private_key(path: str | Path | None = None) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path or key_path()).read_bytes(), None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointInvalid(f"{path or key_path()} is not an Ed25519 private key")
    return key


def public_key(path: str | Path | None = None) -> Ed25519PublicKey:
    """The key that checks signatures: a PEM public key file, or the signing key's own."""
    if path is None:
        return private_key().public_key()
    data = Path(path).read_bytes()
    if b"PRIVATE KEY" in data:
        return private_key(path).public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointInvalid(f"{path} is not an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _raw(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _heads() -> Iterator[str]:
    rows = Complaint.objects.order_by("pk").values_list("reference", "trail_length", "trail_head")
    for reference, length, head in rows.iterator(CHUNK):
        yield f"{reference} {length} {head or '-'}\n"


def write(out: str | Path, key: Ed25519PrivateKey | None = None) -> tuple[int, str]:
    """Write a checkpoint of every trail head to `out`; returns (complaints, body digest)."""
    key = key or private_key()
    out = Path(out)
    body = out.with_name(out.name + ".body")
    digest, count = hashlib.sha256(), 0
    with body.open("w", encoding="utf-8") as f:
        for line in _heads():
            f.write(line)
            digest.update(line.encode())
            count += 1
    header = [
        FORMAT,
        f"created {timezone.now().isoformat()}",
        f"complaints {count}",
        f"digest sha256:{digest.hexdigest()}",
        f"public-key ed25519:{_raw(key.public_key())}",
    ]
    signature = base64.b64encode(key.sign("\n".join(header).encode())).decode()
    with out.open("w", encoding="utf-8") as f:
        f.write("\n".join([*header, f"signature ed25519:{signature}", "", ""]))
        with body.open(encoding="utf-8") as lines:
            for line in lines:
                f.write(line)
    body.unlink()
    return count, digest.hexdigest()


@dataclass(frozen=True)
class Head:
    reference: str
    length: int
    head: str


def read(path: str | Path, key: Ed25519PublicKey) -> Iterator[Head]:
    """The heads of a checkpoint, once its signature (by `key`) and digest are checked."""
    path = Path(path)
    with path.open(encoding="utf-8") as f:
        header = [f.readline().rstrip("\n") for _ in range(6)]
        if header[0] != FORMAT or f.readline() != "\n":
            raise CheckpointInvalid(f"{path} is not a trail checkpoint")
        fields = dict(line.split(" ", 1) for line in header[1:])
        if fields.get("public-key") != f"ed25519:{_raw(key)}":
            raise CheckpointInvalid(f"{path} was signed by another key than the one given")
        try:
            signature = base64.b64decode(fields["signature"].removeprefix("ed25519:"))
            key.verify(signature, "\n".join(header[:5]).encode())
        except (InvalidSignature, KeyError, ValueError):
            raise CheckpointInvalid(f"{path}: the signature does not match") from None
        digest = hashlib.sha256()
        for line in f:
            digest.update(line.encode())
    if fields["digest"] != f"sha256:{digest.hexdigest()}":
        raise CheckpointInvalid(f"{path}: its list of heads was altered after it was signed")
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line == "\n":
                break
        for line in f:
            reference, length, head = line.split()
            yield Head(reference, int(length), "" if head == "-" else head)


def _chunks(heads: Iterator[Head]) -> Iterator[list[Head]]:
    chunk: list[Head] = []
    for head in heads:
        chunk.append(head)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def compare(heads: Iterator[Head]) -> Iterator[str]:
    """What changed in the trail since the checkpoint: each complaint whose events were
    removed, rolled back or rewritten, or that is gone. Longer trails are fine."""
    for chunk in _chunks(heads):
        now = {
            ref: (pk, length, head)
            for ref, pk, length, head in Complaint.objects.filter(
                reference__in=[h.reference for h in chunk]
            ).values_list("reference", "pk", "trail_length", "trail_head")
        }
        for then in chunk:
            found = now.get(then.reference)
            if found is None:
                yield f"{then.reference}: the complaint was removed (it had {then.length} events)"
                continue
            pk, length, head = found
            if length < then.length:
                yield (
                    f"{then.reference}: events #{length + 1} to #{then.length} were removed "
                    f"and the trail rolled back (the checkpoint recorded {then.length} "
                    f"events, {length} remain)"
                )
            elif length == then.length and head != then.head:
                yield f"{then.reference}: event #{length} was replaced since the checkpoint"
            elif length > then.length and then.length:
                kept = Event.objects.filter(complaint_id=pk, seq=then.length)
                if kept.values_list("hash", flat=True).first() != then.head:
                    yield (
                        f"{then.reference}: event #{then.length} is not the one the "
                        f"checkpoint recorded: the trail was rewritten since"
                    )
