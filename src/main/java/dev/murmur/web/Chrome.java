package dev.murmur.web;

/**
 * What the layout around every page needs: who is signed in, the CSRF token for htmx's requests,
 * the fingerprinted asset URLs (wallet: the wallet script), the unread
 * notification count, and which nav entry is current.
 */
public record Chrome(String handle, String displayName, String csrf, String css, String js, String htmx,
                     long unread, boolean notifications, String nav, String wallet) {

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
