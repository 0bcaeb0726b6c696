package dev.murmur.timeline;

import java.util.List;

/** A post with its ancestors (root first) and a page of its direct replies (newest first). */
public record Thread(List<PostView> ancestors, PostView post, Page<PostView> replies) {
}
