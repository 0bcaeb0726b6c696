package dev.murmur.web;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.Problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refused form, in words: the message for each field the API named, and the rest as one
 * message for the whole form. Templates show {@code field("text")} next to its field.
 */
public record FormErrors(Map<String, String> fields, String general) {

    public static final FormErrors NONE = new FormErrors(Map.of(), null);

    public static FormErrors of(ApiException e) {
        return of(e.type().title(), e.getMessage(), e.fieldErrors());
    }

    public static FormErrors of(String title, String detail, List<Problem.FieldError> errors) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Problem.FieldError error : errors) {
            fields.merge(error.field(), error.message(), (a, b) -> a + "; " + b);
        }
        String general = fields.isEmpty() ? sentence(title, detail) : null;
        return new FormErrors(fields, general);
    }

    public String field(String name) {
        return fields.get(name);
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    public boolean any() {
        return general != null || !fields.isEmpty();
    }

    /** "Handle or password is wrong" rather than "Invalid credentials: Handle or password is wrong". */
    static String sentence(String title, String detail) {
        if (detail == null || detail.isBlank()) {
            return title;
        }
        return detail.substring(0, 1).toUpperCase() + detail.substring(1);
    }
}
