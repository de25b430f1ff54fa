#!/usr/bin/env python3
"""Independent reference for Vellum's signed-digest test vector (docs/DECISIONS.md, SignedDigestBytes).

Builds the signed bytes from the written layout (not from Vellum's code) and signs them with the RFC 8032 test-1
key using Python's `cryptography` package (OpenSSL's Ed25519). DigestSigningVectorsTest hard-codes its output.
"""
import struct
from datetime import datetime, timezone
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")  # RFC 8032 7.1 TEST 1
key = Ed25519PrivateKey.from_private_bytes(SEED)
public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
assert public.hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
assert key.sign(b"").hex() == ("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")

def string(s):
    b = s.encode("utf-8")
    return struct.pack(">H", len(b)) + b

ledger, strand, tip = "vehicles", "EXAMPLE1234567890ABCDE", 7
digest = bytes(range(32))
signed_at = datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
millis = int(signed_at.timestamp() * 1000)
signed = (b"VELLUM-SIGNED-DIGEST-V1\x00" + string(ledger) + string(strand) + struct.pack(">Q", tip) + digest
          + struct.pack(">q", millis))
print("signed bytes:", signed.hex())
print("signature:   ", key.sign(signed).hex())
