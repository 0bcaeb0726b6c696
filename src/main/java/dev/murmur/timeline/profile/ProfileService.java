package dev.murmur.timeline.profile;

import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.post.service.PostService;
import dev.murmur.social.service.SocialGraph;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Assembles a profile from the account, the social graph and the author's posts. It sits in the read
 * side ({@code timeline}) because it reads three features that all build on {@code account}.
 */
@ApplicationScoped
public class ProfileService {

    private final AccountService accounts;
    private final SocialGraph social;
    private final PostService posts;

    public ProfileService(AccountService accounts, SocialGraph social, PostService posts) {
        this.accounts = accounts;
        this.social = social;
        this.posts = posts;
    }

    public ProfileView profile(String handle, Optional<Long> viewer) {
        return view(accounts.require(handle), viewer, false);
    }

    public ProfileView own(long accountId) {
        return view(accounts.require(accountId), Optional.empty(), true);
    }

    private ProfileView view(Account account, Optional<Long> viewer, boolean withRoles) {
        SocialGraph.Counts counts = social.counts(account.id);
        SocialGraph.Relationship relationship = viewer.filter(v -> v != account.id.longValue())
                .map(v -> social.relationship(v, account.id)).orElse(null);
        return new ProfileView(account.id, account.handle, account.displayName, account.bio, account.createdAt,
                counts.followers(), counts.following(), posts.countLive(account.id), relationship,
                withRoles ? accounts.roles(account.id) : List.of());
    }
}
