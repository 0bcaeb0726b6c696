package dev.murmur.post;

import dev.murmur.post.service.FacetParser;
import dev.murmur.post.service.FacetParser.Span;
import dev.murmur.post.service.Hashtags;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FacetParserTest {

    @Test
    void shouldFindHashtagsMentionsAndLinksWithUtf8ByteOffsets() {
        String text = "¡Hola #Café! cc @Ada_L → https://example.org/a?b=1#frag, ok";
        List<Span> spans = FacetParser.parse(text);

        assertThat(spans).extracting(Span::kind)
                .containsExactly(Facet.Kind.HASHTAG, Facet.Kind.MENTION, Facet.Kind.LINK);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(slice(bytes, spans.get(0))).isEqualTo("#Café");
        assertThat(spans.get(0).value()).isEqualTo("café");
        assertThat(slice(bytes, spans.get(1))).isEqualTo("@Ada_L");
        assertThat(spans.get(1).value()).isEqualTo("ada_l");
        assertThat(spans.get(2).value()).isEqualTo("https://example.org/a?b=1#frag");
    }

    @Test
    void shouldIgnoreNumbersEmailAddressesAndFragmentsInsideLinks() {
        assertThat(FacetParser.parse("issue #42 and mail me at ada@example.org")).isEmpty();
        assertThat(FacetParser.parse("see https://x.dev/#notatag")).extracting(Span::kind).containsExactly(Facet.Kind.LINK);
    }

    @Test
    void shouldKeepBalancedBracketsInLinksAndDropUnbalancedOnes() {
        assertThat(links("read https://en.wikipedia.org/wiki/Bug_(engineering)"))
                .containsExactly("https://en.wikipedia.org/wiki/Bug_(engineering)");
        assertThat(links("(see https://en.wikipedia.org/wiki/Bug_(engineering))."))
                .containsExactly("https://en.wikipedia.org/wiki/Bug_(engineering)");
        assertThat(links("(see https://example.org/a), then https://example.org/b]!"))
                .containsExactly("https://example.org/a", "https://example.org/b");
        assertThat(links("list: https://example.org/q?a[0]=1&b={x}."))
                .containsExactly("https://example.org/q?a[0]=1&b={x}");
        assertThat(links("'end https://example.org/x?y=z'!?")).containsExactly("https://example.org/x?y=z");
    }

    @Test
    void shouldMergeEquivalentHashtagVariants() {
        assertThat(Hashtags.normalize("Straße")).isEqualTo(Hashtags.normalize("STRASSE"));
        assertThat(Hashtags.normalize("ｊａｖａ")).isEqualTo("java");
        assertThat(Hashtags.normalize("ΟΔΟΣ")).isEqualTo(Hashtags.normalize("οδος"));
        assertThat(Hashtags.normalize("Cafe\u0301")).isEqualTo(Hashtags.normalize("café"));
    }

    private static List<String> links(String text) {
        return FacetParser.parse(text).stream().filter(s -> s.kind() == Facet.Kind.LINK).map(Span::value).toList();
    }

    private static String slice(byte[] bytes, Span span) {
        return new String(bytes, span.byteStart(), span.byteEnd() - span.byteStart(), StandardCharsets.UTF_8);
    }
}
