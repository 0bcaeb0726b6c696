-- A hashtag's posts newest first (decision 1173). The hashtag page read the tag's post ids out of
-- post_facet, then every one of those posts, and sorted them for a page of 20: 27-74 ms of
-- PostgreSQL's time for a tag on 1,660-9,124 of the API benchmark's million posts, and worse when
-- the planner walked every post newest first instead. post_facet has no post time to order by, and a
-- text may carry a tag twice; post_tag holds each (tag, post) once with the post's time, so a page
-- is an index range scan of its own rows.
create table post_tag (
    tag        text        not null,
    post_id    bigint      not null references post (id),
    created_at timestamptz not null,
    primary key (tag, post_id)
);
create index post_tag_newest on post_tag (tag, created_at desc, post_id desc);

insert into post_tag (tag, post_id, created_at)
select distinct f.value, f.post_id, p.created_at
from post_facet f join post p on p.id = f.post_id
where f.kind = 'HASHTAG'
on conflict do nothing;
