-- Every engagement event carries how many posts, replies and quotes of the reader's own stand
-- (readerPosts: the reward policy weighs empty accounts down). Counted at each like, in the batch
-- transaction that every like of the batch waits on, that read grew with the reader's posts: 0.056 ms
-- for a reader of the API benchmark's world with 21 posts, 0.32 ms for its most prolific author
-- (3,272), so about 10 ms for an account with 100,000. Here the count is one row,
-- kept exact by statement triggers in the same transaction as the post's insert, deletion or
-- moderation (decision 1177): transition tables make it one grouped upsert per statement, whether the
-- statement wrote one post or a million, in account order so that two statements lock the same
-- counters in the same order.
create table account_post_count (
    account_id bigint primary key references account (id),
    live_posts bigint not null
);

insert into account_post_count (account_id, live_posts)
select author_id, count(*) from post where kind <> 'REPOST' and deleted_at is null group by author_id;

create function murmur_count_live_posts() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into account_post_count (account_id, live_posts)
        select author_id, count(*) from new_posts where kind <> 'REPOST' and deleted_at is null
        group by author_id order by author_id
        on conflict (account_id) do update set live_posts = account_post_count.live_posts + excluded.live_posts;
    elsif tg_op = 'UPDATE' then
        insert into account_post_count (account_id, live_posts)
        select author_id, sum(delta) from (
            select author_id, -1 as delta from old_posts where kind <> 'REPOST' and deleted_at is null
            union all
            select author_id, 1 from new_posts where kind <> 'REPOST' and deleted_at is null) change
        group by author_id having sum(delta) <> 0 order by author_id
        on conflict (account_id) do update set live_posts = account_post_count.live_posts + excluded.live_posts;
    else
        insert into account_post_count (account_id, live_posts)
        select author_id, -count(*) from old_posts where kind <> 'REPOST' and deleted_at is null
        group by author_id order by author_id
        on conflict (account_id) do update set live_posts = account_post_count.live_posts + excluded.live_posts;
    end if;
    return null;
end $$;

create trigger post_live_count_insert after insert on post
    referencing new table as new_posts for each statement execute function murmur_count_live_posts();
create trigger post_live_count_update after update on post
    referencing old table as old_posts new table as new_posts for each statement execute function murmur_count_live_posts();
create trigger post_live_count_delete after delete on post
    referencing old table as old_posts for each statement execute function murmur_count_live_posts();
