package dev.murmur.web;

import dev.murmur.timeline.PostView;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostCardsTest {

    private static PostView.FacetView facet(String text, String span, String type, String value) {
        int start = text.substring(0, text.indexOf(span)).getBytes(StandardCharsets.UTF_8).length;
        int end = start + span.getBytes(StandardCharsets.UTF_8).length;
        return switch (type) {
            case "hashtag" -> new PostView.FacetView(type, start, end, value, null, null, null);
            case "mention" -> new PostView.FacetView(type, start, end, null, value, 7L, null);
            default -> new PostView.FacetView(type, start, end, null, null, null, value);
        };
    }

    @Test
    void shouldCutTheTextAtTheStoredByteSpansAfterMultibyteCharacters() {
        String text = "👨‍👩‍👧 héllo #Café and @ada see https://example.org/x";
        List<PostCard.Segment> segments = PostCards.segments(text, List.of(
                facet(text, "#Café", "hashtag", "café"),
                facet(text, "@ada", "mention", "ada"),
                facet(text, "https://example.org/x", "link", "https://example.org/x")));

        assertThat(segments).extracting(PostCard.Segment::text)
                .containsExactly("👨‍👩‍👧 héllo ", "#Café", " and ", "@ada", " see ", "https://example.org/x");
        assertThat(segments).extracting(PostCard.Segment::href)
                .containsExactly(null, "/tag/caf%C3%A9", null, "/u/ada", null, "https://example.org/x");
        assertThat(String.join("", segments.stream().map(PostCard.Segment::text).toList())).isEqualTo(text);
    }

    @Test
    void shouldLeaveOtherSchemesAsText() {
        for (String uri : List.of("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example",
                "http:/no-host", "not a uri")) {
            String text = "see " + uri;
            List<PostCard.Segment> segments = PostCards.segments(text, List.of(facet(text, uri, "link", uri)));
            assertThat(segments).as(uri).allMatch(s -> s.href() == null);
            assertThat(String.join("", segments.stream().map(PostCard.Segment::text).toList())).isEqualTo(text);
        }
    }

    @Test
    void shouldKeepTheTextWhenASpanDoesNotFit() {
        String text = "short";
        List<PostCard.Segment> segments = PostCards.segments(text,
                List.of(new PostView.FacetView("hashtag", 2, 99, "x", null, null, null)));
        assertThat(segments).extracting(PostCard.Segment::text).containsExactly("short");
    }
}
