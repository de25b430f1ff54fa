package io.vellum.engine.signing;

import io.vellum.engine.files.SigningKeyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.proof.signature.SignedDigestBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ledger's digest-signing keys and the signing itself. The newest key is the active one and signs; older keys are
 * retired by {@link #rotate} and only listed, so that digests they signed stay verifiable. Keys live in
 * {@link SigningKeyFiles} (owner-only, written atomically).
 *
 * <p>Signing happens only when a signed digest is asked for, never when a block commits; the last signed digest is
 * cached, so repeated requests at an unchanged tip cost nothing and carry the same signing time (the time the server
 * first stated that digest with this key).
 *
 * <p>Thread-safe: {@link #sign} is lock-free; {@link #rotate} is serialised.
 */
public final class DigestSigner {
    private final SigningKeyFiles files;
    private final Clock clock;
    private final SecureRandom random;
    private final boolean writable;
    /** Ascending by creation; the last one is active. Replaced whole on rotation. */
    private volatile List<DigestSigningKey> keys;
    private volatile SignedDigest lastSigned;

    private DigestSigner(SigningKeyFiles files, Clock clock, SecureRandom random, boolean writable,
                         List<DigestSigningKey> keys) {
        this.files = files;
        this.clock = clock;
        this.random = random;
        this.writable = writable;
        this.keys = List.copyOf(keys);
    }

    /**
     * The signer of the ledger in {@code ledgerDirectory}; creates its first key when it has none (a new ledger, or
     * one created before digests were signed).
     *
     * @throws LedgerException UNAVAILABLE when the key files cannot be read or written; CORRUPTION when one is damaged
     */
    public static DigestSigner openOrCreate(Path ledgerDirectory, Clock clock) {
        DigestSigner signer = new DigestSigner(SigningKeyFiles.in(ledgerDirectory), clock, new SecureRandom(), true,
                load(SigningKeyFiles.in(ledgerDirectory)));
        if (signer.keys.isEmpty()) {
            signer.rotate();
        }
        return signer;
    }

    /** The signer of a ledger opened read-only: its existing keys, never a new one; {@link #rotate} fails. */
    public static DigestSigner openExisting(Path ledgerDirectory, Clock clock) {
        return new DigestSigner(SigningKeyFiles.in(ledgerDirectory), clock, new SecureRandom(), false,
                load(SigningKeyFiles.in(ledgerDirectory)));
    }

    private static List<DigestSigningKey> load(SigningKeyFiles files) {
        List<SigningKeyFiles.KeyFile> stored;
        try {
            stored = files.read();
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the ledger's signing keys cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
        List<DigestSigningKey> keys = new ArrayList<>();
        for (SigningKeyFiles.KeyFile file : stored) {
            try {
                keys.add(DigestSigningKey.fromText(file.text()));
            } catch (RuntimeException e) {
                throw new LedgerException(ErrorCode.CORRUPTION, "signing key file " + file.number()
                        + " is damaged: " + e.getMessage());
            }
        }
        return keys;
    }

    /**
     * {@code digest} of the ledger named {@code ledgerName}, signed now by the active key (or the cached signature
     * when the same digest was signed last with the same key).
     *
     * @throws LedgerException UNAVAILABLE when the ledger has no signing key (opened read-only before it had one)
     */
    public SignedDigest sign(String ledgerName, LedgerDigest digest) {
        Objects.requireNonNull(ledgerName, "ledgerName");
        List<DigestSigningKey> current = keys;
        if (current.isEmpty()) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the ledger has no digest-signing key yet; open it "
                    + "read-write once to create one");
        }
        DigestSigningKey active = current.get(current.size() - 1);
        SignedDigest cached = lastSigned;
        if (cached != null && cached.digest().equals(digest) && cached.ledgerName().equals(ledgerName)
                && cached.keyId().equals(active.publicKey().keyId())) {
            return cached;
        }
        Instant signedAt = Instant.ofEpochMilli(clock.millis());
        SignedDigest signed = new SignedDigest(ledgerName, digest, signedAt, active.publicKey().keyId(),
                active.sign(SignedDigestBytes.encode(ledgerName, digest, signedAt)));
        lastSigned = signed;
        return signed;
    }

    /**
     * Creates a new key and makes it the active one; the previous key is retired (still listed, signs nothing new).
     * Durable when it returns.
     *
     * @return the new key
     * @throws LedgerException INVALID_REQUEST on a ledger opened read-only; UNAVAILABLE when the key cannot be written
     */
    public synchronized SigningKeyInfo rotate() {
        if (!writable) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the ledger is open read-only: its signing key "
                    + "cannot be rotated");
        }
        List<DigestSigningKey> current = keys;
        Instant now = Instant.ofEpochMilli(clock.millis());
        if (!current.isEmpty() && now.isBefore(current.get(current.size() - 1).createdAt())) {
            now = current.get(current.size() - 1).createdAt();
        }
        DigestSigningKey created = DigestSigningKey.generate(now, random);
        try {
            files.write(current.size() + 1, created.toText());
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "a new signing key cannot be stored: "
                    + e.getClass().getSimpleName(), e);
        }
        List<DigestSigningKey> next = new ArrayList<>(current);
        next.add(created);
        keys = List.copyOf(next);
        return new SigningKeyInfo(created.publicKey(), created.createdAt(), null);
    }

    /** Every key, oldest first; the last is active (its {@code retiredAt} is null). */
    public List<SigningKeyInfo> keys() {
        List<DigestSigningKey> current = keys;
        List<SigningKeyInfo> infos = new ArrayList<>(current.size());
        for (int i = 0; i < current.size(); i++) {
            DigestSigningKey key = current.get(i);
            infos.add(new SigningKeyInfo(key.publicKey(), key.createdAt(),
                    i + 1 < current.size() ? current.get(i + 1).createdAt() : null));
        }
        return infos;
    }
}
