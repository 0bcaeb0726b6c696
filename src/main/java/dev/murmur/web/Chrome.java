package dev.murmur.web;

/**
 * What the layout around every page needs: who is signed in, the CSRF token for htmx's requests,
 * the fingerprinted asset URLs (wallet: the wallet script), the unread notification count, and
 * which nav entry is current. {@code console}: where the operator console starts for this viewer's
 * roles, or null for no "Console" link (ConsolePages).
 */
public record Chrome(String handle, String csrf, String css, String js, String htmx,
                     long unread, boolean notifications, String nav, String wallet, String console) {

    public boolean signedIn() {
        return handle != null;
    }

    /** JSON for the body's hx-headers: htmx sends it with every request it makes. */
    public String hxHeaders() {
        return "{\"" + WebSession.CSRF_HEADER + "\": \"" + csrf + "\"}";
    }

    public boolean is(String entry) {
        return entry.equals(nav);
    }
}
