package dev.murmur.web;

import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the console's pages share: a form's text read as the number the API's request record holds,
 * that record checked with the API's own Bean Validation (so a page never grows a second set of rules),
 * account handles for the ids services return, the answer that sends htmx to a page after an action, and
 * the console's script.
 */
@ApplicationScoped
public class ConsoleForms {

    private final Validator validator;
    private final AccountService accounts;
    private final Assets assets;

    public ConsoleForms(Validator validator, AccountService accounts, Assets assets) {
        this.validator = validator;
        this.accounts = accounts;
        this.assets = assets;
    }

    /** The console's script (confirmation dialogs), which every console page loads. */
    public String script() {
        return assets.url(Assets.CONSOLE);
    }

    /** A form field as a whole number; empty is null, which the request record's {@code @NotNull} refuses. */
    public static Long wholeNumber(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "must be a whole number of base units");
        }
    }

    /** Refuses a request record the way the API refuses it: 400 validation-failed, naming the field. */
    public <T> T valid(T request) {
        validator.validate(request).stream().findFirst().ifPresent(v -> {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, v.getPropertyPath().toString(), v.getMessage());
        });
        return request;
    }

    /** Handles by account id, for tables of ids; an unknown id maps to "#id". */
    public Map<Long, String> handles(Collection<Long> ids) {
        Map<Long, Account> found = accounts.byIds(ids);
        return ids.stream().distinct().collect(Collectors.toMap(id -> id, id -> found.containsKey(id) ? found.get(id).handle : "#" + id));
    }

    /**
     * After an action: htmx loads {@code location} as a new page. Not a 303, which the browser's XHR would
     * follow on its own and htmx would swap into the form. A location with a fragment ({@code #tags-h}) also
     * asks htmx to reload: when only the fragment differs from the page the browser is on, setting
     * {@code location.href} just scrolls, and the page would go on showing the state before the action.
     */
    public static Response goTo(String location) {
        Response.ResponseBuilder response = Response.ok().header("HX-Redirect", location);
        if (location.contains("#")) {
            response.header("HX-Refresh", "true");
        }
        return response.build();
    }
}
