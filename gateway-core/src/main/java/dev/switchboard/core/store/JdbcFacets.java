package dev.switchboard.core.store;

import java.time.Clock;

/**
 * The facets of one view of {@link JdbcConversationStore}, all on the store's writer and readers; those
 * with leader-only writes are given the view's fence, so a fenced view's facets are fenced. Built once per
 * view, in one place, so that no facet can be left holding another view's fence.
 */
record JdbcFacets(Deliveries deliveries, ContactStore contacts, OptOuts optOuts, ChannelState channelState,
    Presence presence, Attachments attachments, FollowUps followUps, Incidents incidents, CsatSurveys csat,
    Continuity continuity) {

  static JdbcFacets of(StoreThreads threads, LeaderOnlyWrites fence, Clock clock) {
    GroupCommitWriter writer = threads.writer();
    return new JdbcFacets(
        new JdbcDeliveries(writer, threads, fence, clock),
        new JdbcContacts(writer, threads, clock),
        new JdbcOptOuts(writer, threads),
        new JdbcChannelState(writer, threads, clock),
        new JdbcPresence(writer, fence),
        new JdbcAttachments(writer, threads, clock),
        new JdbcFollowUps(writer, threads, fence, clock),
        new JdbcIncidents(writer, threads, fence, clock),
        new JdbcCsatSurveys(writer, threads, fence, clock),
        new JdbcContinuity(writer, threads, fence, clock));
  }
}
