package dev.switchboard.server.email;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The satisfaction survey mails GreenMail received (recognised by their question): how many went to a
 * customer, and the links of one by score. Shared by the e-mail, browser and cluster tests of CSAT.
 */
public final class SurveyMails {

  private static final Pattern LINK = Pattern.compile("(\\d) - [a-z ]+: (\\S+/csat/\\S+\\?score=\\d)");

  private final GreenMailExtension greenMail;
  private final String question;

  public SurveyMails(GreenMailExtension greenMail, String question) {
    this.greenMail = greenMail;
    this.question = question;
  }

  /** The texts of the survey mails to {@code customer}, in the order received. */
  public List<String> to(String customer) {
    List<String> found = new ArrayList<>();
    try {
      for (MimeMessage m : greenMail.getReceivedMessages()) {
        if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(customer))) {
          String text = text(m.getContent());
          if (text.contains(question)) {
            found.add(text);
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not read GreenMail's messages", e);
    }
    return found;
  }

  /** The links of the first survey mail to {@code customer}, by score (index 1 to 5); waits up to 20 s for it. */
  public String[] links(String customer) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !to(customer).isEmpty());
    String[] links = new String[6];
    Matcher m = LINK.matcher(to(customer).get(0));
    while (m.find()) {
      links[Integer.parseInt(m.group(1))] = m.group(2);
    }
    return links;
  }

  private static String text(Object content) throws Exception {
    if (content instanceof Multipart mp) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < mp.getCount(); i++) {
        b.append(text(mp.getBodyPart(i).getContent()));
      }
      return b.toString();
    }
    return content instanceof String s ? s : "";
  }
}
