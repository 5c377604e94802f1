package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.contacts.ContactMerges;
import dev.switchboard.core.http.JsonFields;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.store.ContactPage;
import dev.switchboard.core.store.ContactQuery;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.store.MergeOutcome;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's contact frames, for supervisors only: {@code find_contacts {q}} answered with
 * {@code contacts {q, contacts}}, and {@code merge_contacts {into, from}} answered with
 * {@code contacts_merged {merge, moved}} (the merge is recorded as made by the supervisor),
 * {@code contact_merges {contactId}} answered with {@code contact_merges {contactId, merges}} (newest first,
 * undone ones included), and {@code unmerge_contacts {into, mergeId}} answered with
 * {@code contacts_unmerged {merge, moved, kept}} (the admin API's unmerge, recorded as undone by the supervisor).
 */
final class ContactFrames {

  private static final Logger log = LoggerFactory.getLogger(ContactFrames.class);
  static final int FOUND = 20;

  private final ContactStore contacts;
  private final ContactMerges merges;

  ContactFrames(ContactStore contacts, ContactMerges merges) {
    this.contacts = contacts;
    this.merges = merges;
  }

  // ---- parsing ----

  static DeskFrame parseMerge(JsonFields frame) {
    String into = frame.text("into");
    String from = frame.text("from");
    if (into == null || into.isBlank() || from == null || from.isBlank()) {
      return new DeskFrame.Invalid("bad_request", "`into` and `from` (contact ids) are required");
    }
    return new DeskFrame.MergeContacts(new ContactId(into.strip()), new ContactId(from.strip()));
  }

  static DeskFrame parseUnmerge(JsonFields frame) {
    String into = frame.text("into");
    String mergeId = frame.text("mergeId");
    if (into == null || into.isBlank() || mergeId == null || mergeId.isBlank()) {
      return new DeskFrame.Invalid("bad_request", "`into` (a contact id) and `mergeId` are required");
    }
    return new DeskFrame.UnmergeContacts(new ContactId(into.strip()), mergeId.strip());
  }

  static DeskFrame parseListMerges(JsonFields frame) {
    String id = frame.text("contactId");
    if (id == null || id.isBlank()) {
      return new DeskFrame.Invalid("bad_request", "`contactId` is required");
    }
    return new DeskFrame.ListMerges(new ContactId(id.strip()));
  }

  static DeskFrame parseFind(JsonFields frame) {
    String q = frame.scalarText("q");
    q = q == null ? "" : q.strip();
    if (q.length() > ContactQuery.MAX_TEXT) {
      return new DeskFrame.Invalid("query_too_long", "`q` is longer than " + ContactQuery.MAX_TEXT + " characters");
    }
    return new DeskFrame.FindContacts(q);
  }

  // ---- handling ----

  /** Runs {@code frame} for {@code agent}: {@code reply} sends a frame to this desk, {@code error} an error frame. */
  void handle(AgentConfig agent, DeskFrame frame, Consumer<ObjectNode> reply, BiConsumer<String, String> error) {
    if (!Boolean.TRUE.equals(agent.supervisor())) {
      error.accept("forbidden", "only a supervisor may find, merge and unmerge contacts");
      return;
    }
    if (frame instanceof DeskFrame.FindContacts f) {
      contacts.search(new ContactQuery(f.q(), null, FOUND)).whenComplete((page, err) -> {
        if (err != null) {
          log.error("Contact search for {} failed", agent.id(), err);
          error.accept("internal", "the search failed; try again");
        } else {
          reply.accept(found(f.q(), page));
        }
      });
    } else if (frame instanceof DeskFrame.MergeContacts m) {
      merges.merge(m.into(), m.from(), agent.id()).whenComplete((outcome, err) -> {
        if (err != null) {
          log.error("Merge of {} into {} by {} failed", m.from(), m.into(), agent.id(), err);
          error.accept("internal", "the merge failed and changed nothing; try again");
        } else if (outcome instanceof MergeOutcome.Refused r) {
          error.accept(r.reason().key(), r.message());
        } else {
          MergeOutcome.Done done = (MergeOutcome.Done) outcome;
          ObjectNode n = Frames.frame("contacts_merged");
          n.putPOJO("merge", done.merge());
          n.putPOJO("moved", done.moved());
          reply.accept(n);
        }
      });
    } else if (frame instanceof DeskFrame.UnmergeContacts u) {
      merges.unmerge(u.into(), u.mergeId(), agent.id()).whenComplete((outcome, err) -> {
        if (err != null) {
          log.error("Unmerge {} of {} by {} failed", u.mergeId(), u.into(), agent.id(), err);
          error.accept("internal", "the unmerge failed and changed nothing; try again");
        } else if (outcome instanceof MergeOutcome.Refused r) {
          error.accept(r.reason().key(), r.message());
        } else {
          MergeOutcome.Done done = (MergeOutcome.Done) outcome;
          ObjectNode n = Frames.frame("contacts_unmerged");
          n.putPOJO("merge", done.merge());
          n.putPOJO("moved", done.moved());
          n.putPOJO("kept", done.kept());
          reply.accept(n);
        }
      });
    } else if (frame instanceof DeskFrame.ListMerges l) {
      contacts.detail(l.contactId(), 1).whenComplete((detail, err) -> {
        if (err != null) {
          log.error("Merges of {} for {} could not be read", l.contactId(), agent.id(), err);
          error.accept("internal", "the merges could not be read; try again");
        } else if (detail.isEmpty()) {
          error.accept("unknown_contact", "no contact " + l.contactId());
        } else {
          ObjectNode n = Frames.frame("contact_merges").put("contactId", l.contactId().value());
          n.putPOJO("merges", detail.get().merges());
          reply.accept(n);
        }
      });
    }
  }

  private static ObjectNode found(String q, ContactPage page) {
    ObjectNode n = Frames.frame("contacts").put("q", q);
    n.putPOJO("contacts", page.contacts());
    return n;
  }
}
