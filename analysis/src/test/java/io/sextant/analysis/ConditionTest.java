package io.sextant.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConditionTest {

    private static final Reading NONE = new Reading.NoData("no series");

    private static Reading v(double value) {
        return new Reading.Value(value);
    }

    @Test
    void absoluteLatencyConditionReadsMillisecondsAsSeconds() {
        Condition c = Condition.parse("p95 ttft < 500ms");

        assertThat(c.judge(v(0.42), null).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(c.judge(v(0.5), null).verdict()).isEqualTo(Verdict.FAILED);
        assertThat(c.judge(v(0.9), null).message()).isEqualTo("0.900000 is not < 0.500000");
    }

    @Test
    void relativeConditionAddsPercentagePointsToTheStableValue() {
        Condition c = Condition.parse("error rate <= stable + 0.5%");

        assertThat(c.judge(v(0.012), v(0.01)).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(c.judge(v(0.016), v(0.01)).verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void relativeConditionCanScaleTheStableValue() {
        Condition c = Condition.parse("p99 itl <= stable * 1.2");

        assertThat(c.judge(v(0.023), v(0.02)).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(c.judge(v(0.025), v(0.02)).verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void missingDataIsInconclusiveAndAnUnreadableSourceIsAnError() {
        Condition relative = Condition.parse("error rate <= stable");

        assertThat(relative.judge(NONE, v(0.1)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(relative.judge(v(0.1), NONE).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(relative.judge(v(0.1), null).message()).contains("no stable version");
        assertThat(relative.judge(new Reading.Failure("timed out"), v(0.1)).verdict()).isEqualTo(Verdict.ERROR);
        assertThat(relative.judge(v(0.1), new Reading.Failure("timed out")).message()).isEqualTo("stable: timed out");
    }

    @Test
    void conditionsThatCannotBeReadAreRefusedWithTheirText() {
        assertThatThrownBy(() -> Condition.parse("p95 ttft 500ms"))
                .hasMessageContaining("condition 'p95 ttft 500ms': expected '<what> <op> <threshold>'");
        assertThatThrownBy(() -> Condition.parse("p95 ttft < fast"))
                .hasMessageContaining("'fast' is not a quantity");
        assertThatThrownBy(() -> Condition.parse("itl < stable * 2ms"))
                .hasMessageContaining("a factor of stable takes no unit");
        assertThatThrownBy(() -> Condition.parse("< 5")).hasMessageContaining("expected");
    }
}
