package dev.murmur.web;

import dev.murmur.timeline.profile.ProfileView;
import dev.murmur.social.service.SocialGraph;
import dev.murmur.trend.service.TrendService;
import io.quarkus.qute.TemplateData;

/**
 * The view types the templates read, including inside tags, where Qute does not check expressions
 * at build time: each gets a generated value resolver, so no reflection is needed at run time.
 */
@TemplateData(target = PostCard.class)
@TemplateData(target = PostCard.Segment.class)
@TemplateData(target = PostCard.When.class)
@TemplateData(target = ComposeForm.class)
@TemplateData(target = FormErrors.class)
@TemplateData(target = Chrome.class)
@TemplateData(target = ProfilePages.Relation.class)
@TemplateData(target = NotificationPages.Line.class)
@TemplateData(target = AuthPages.AuthForm.class)
@TemplateData(target = SocialGraph.Relationship.class)
@TemplateData(target = ProfileView.class)
@TemplateData(target = TrendService.TrendSummary.class)
@TemplateData(target = TrendService.TrendDetail.class)
@TemplateData(target = TrendService.ShareView.class)
@TemplateData(target = TrendService.Point.class)
final class TemplateTypes {

    private TemplateTypes() {
    }
}
