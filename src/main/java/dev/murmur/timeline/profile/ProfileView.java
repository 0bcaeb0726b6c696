package dev.murmur.timeline.profile;

import dev.murmur.account.Role;
import dev.murmur.social.service.SocialGraph;

import java.time.Instant;
import java.util.List;

/**
 * A profile: who they are, their counts, and (when signed in) how the viewer relates to them.
 * {@code roles} is filled only on the caller's own profile.
 */
public record ProfileView(long id, String handle, String displayName, String bio, Instant createdAt,
                          long followers, long following, long posts, SocialGraph.Relationship relationship,
                          List<Role> roles) {
}
