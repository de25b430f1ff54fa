/**
 * The {@code vellum} command ({@link io.vellum.cli.VellumCommand}, picocli) and its subcommands: {@code serve} (the
 * server, optionally with the reference wallet and cluster mode), {@code shell} (an interactive PartiQL shell on an
 * embedded ledger, JLine line editing), {@code verify} (checks saved API answers offline: a revision or block against
 * a digest, signatures, consistency), {@code export}, {@code verify-export}, {@code import}, {@code repair},
 * {@code wallet} and {@code status}. The offline commands use the same ledger layout as {@code serve}
 * ({@code <data>/ledgers/<ledger>/}); those that open a ledger ({@code shell}, {@code export}, {@code import},
 * {@code repair}) first take the data directory's {@link io.vellum.server.hosting.DataDirectoryLock}, so they refuse a
 * directory a running server holds.
 *
 * <p>Contracts: every failure a user can cause is one line on standard error and a non-zero exit code (2 for a wrong
 * command line, 1 for anything else), a stack trace only with {@code --debug}; {@code verify} reads saved answers so
 * that nothing in them escapes the check, and throws with expected and computed values when they do not verify.
 *
 * <p>May use every Vellum module's public API (engine, export, files, server, kafka, wallet), picocli, JLine, Jackson
 * and ion-java. The top of the dependency graph: nothing depends on it.
 */
package io.vellum.cli;
