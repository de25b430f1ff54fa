package io.vellum.server.control;

/**
 * A control-plane failure in QLDB's modelled error shape (COMPATIBILITY.md §9): the error type the SDK maps to its exception
 * class, the HTTP status the SDK registers for it, and the members the model gives that type. Thrown inside the
 * control plane and turned into a response by {@link ControlPlaneEndpoint}; never escapes it.
 */
final class ControlPlaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** QLDB's {@code ResourceType} for ledgers. */
    static final String LEDGER = "LEDGER";

    private final String errorType;
    private final int status;
    private final String parameterName;
    private final String resourceType;
    private final String resourceName;

    private ControlPlaneException(String errorType, int status, String message, String parameterName,
            String resourceType, String resourceName) {
        super(message);
        this.errorType = errorType;
        this.status = status;
        this.parameterName = parameterName;
        this.resourceType = resourceType;
        this.resourceName = resourceName;
    }

    /** {@code InvalidParameterException} 400: a request member is missing or malformed; names the member. */
    static ControlPlaneException invalidParameter(String parameterName, String message) {
        return new ControlPlaneException("InvalidParameterException", 400, message, parameterName, null, null);
    }

    /** {@code SerializationException} 400, AWS's type for a body that is not the JSON the operation takes. */
    static ControlPlaneException malformedBody(String message) {
        return new ControlPlaneException("SerializationException", 400, message, null, null, null);
    }

    /** {@code ResourceNotFoundException} 404. */
    static ControlPlaneException notFound(String resourceType, String resourceName, String message) {
        return new ControlPlaneException("ResourceNotFoundException", 404, message, null, resourceType, resourceName);
    }

    /** {@code ResourceAlreadyExistsException} 409. */
    static ControlPlaneException alreadyExists(String resourceType, String resourceName, String message) {
        return new ControlPlaneException("ResourceAlreadyExistsException", 409, message, null, resourceType,
                resourceName);
    }

    /** {@code ResourceInUseException} 409: the resource is busy with another change. */
    static ControlPlaneException inUse(String resourceType, String resourceName, String message) {
        return new ControlPlaneException("ResourceInUseException", 409, message, null, resourceType, resourceName);
    }

    /** {@code ResourcePreconditionNotMetException} 412, e.g. deleting a ledger with deletion protection on. */
    static ControlPlaneException preconditionNotMet(String resourceType, String resourceName, String message) {
        return new ControlPlaneException("ResourcePreconditionNotMetException", 412, message, null, resourceType,
                resourceName);
    }

    /** {@code LimitExceededException} 400; the model gives it {@code ResourceType} only. */
    static ControlPlaneException limitExceeded(String resourceType, String message) {
        return new ControlPlaneException("LimitExceededException", 400, message, null, resourceType, null);
    }

    /** No operation has this method and path: 404 with an unmodelled type (the SDK raises {@code QldbException}). */
    static ControlPlaneException unknownOperation(String message) {
        return new ControlPlaneException("UnknownOperationException", 404, message, null, null, null);
    }

    /** The ledger is closing or over capacity: 503, which the SDK retries. */
    static ControlPlaneException unavailable(String message) {
        return new ControlPlaneException("ServiceUnavailableException", 503, message, null, null, null);
    }

    /** A failure on Vellum's side (e.g. journal corruption): 500, the AWS common {@code InternalFailure}. */
    static ControlPlaneException internal(String message) {
        return new ControlPlaneException(io.vellum.server.http.AwsErrors.INTERNAL_FAILURE, 500, message, null, null, null);
    }

    String errorType() {
        return errorType;
    }

    int status() {
        return status;
    }

    /** The request member at fault, or null. */
    String parameterName() {
        return parameterName;
    }

    /** The modelled {@code ResourceType}, or null. */
    String resourceType() {
        return resourceType;
    }

    /** The modelled {@code ResourceName}, or null. */
    String resourceName() {
        return resourceName;
    }
}
