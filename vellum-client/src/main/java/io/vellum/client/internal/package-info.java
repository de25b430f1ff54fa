/**
 * The client's protocol machinery: AWS Signature V4 ({@link io.vellum.client.internal.SigV4Signer}), the Session API's
 * JSON envelope ({@link io.vellum.client.internal.SessionCommands}, {@link io.vellum.client.internal.ServiceErrors}),
 * sessions, the retrying transaction runner, and the control-plane reads. Not API: types here change without notice.
 */
package io.vellum.client.internal;
