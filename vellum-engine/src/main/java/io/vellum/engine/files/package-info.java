/**
 * The one owner of how Vellum's files are created: {@link io.vellum.engine.files.OwnerOnlyFiles} (everything under a
 * data directory is readable by its owner only, whatever the umask) and
 * {@link io.vellum.engine.files.SigningKeyFiles} (the numbered digest-signing key files of a ledger).
 *
 * <p>Every module that writes under a data directory (engine, server, wallet, CLI) goes through this package. May
 * use the JDK only.
 */
package io.vellum.engine.files;
