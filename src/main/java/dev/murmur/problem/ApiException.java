package dev.murmur.problem;

import java.util.List;

/**
 * Thrown by services when a request cannot be honoured. Mapped to problem+json in one place
 * ({@link ProblemMappers}); nothing else builds error responses.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> fieldErrors;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<Problem.FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.type = type;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static ApiException field(ProblemType type, String field, String message) {
        return new ApiException(type, message, List.of(new Problem.FieldError(field, message)));
    }

    public static ApiException notFound(String what) {
        return new ApiException(ProblemType.NOT_FOUND, what + " does not exist");
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> fieldErrors() {
        return fieldErrors;
    }
}
