package dev.switchboard.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.simulate.Simulation.Run;
import dev.switchboard.core.model.Channel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class QualityChartTest {

  @Test
  void drawsOnePanelPerPolicyWithALinePerTierAndTheQueueAsAnArea() throws Exception {
    Workload day = Workload.supportDay();
    Tally tally = new Tally(day, 4, 600_000);
    tally.answered(new Arrival(0, 0, 0, Channel.CHAT, false, 1), 1000);
    tally.sampleDepth(0);
    tally.sampleDepth(12);
    Run fifo = new Run(Policy.FIFO, tally, 0.8, 2, 2, 0, 0, 0, 0, 1, 1);
    Run strict = new Run(Policy.STRICT_PRIORITY, tally, 0.8, 2, 2, 0, 0, 0, 0, 1, 1);

    String svg = QualityChart.svg(day, 3, List.of(fifo, strict));

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("polygon").getLength()).isEqualTo(2);
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2 * day.tiers().size());
    assertThat(svg).contains("incident hour at 3x", "fifo", "strict-priority", "vip 100.0 %", "basic within SLA (4 h)");
  }
}
