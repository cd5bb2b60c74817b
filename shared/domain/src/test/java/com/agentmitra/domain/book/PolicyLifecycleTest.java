package com.agentmitra.domain.book;

import static com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLifecycleTest {

    @ParameterizedTest
    @CsvSource({"draft,pending_approval", "pending_approval,under_review", "under_review,approved",
            "approved,active", "active,lapsed", "active,surrendered", "active,matured", "active,claimed",
            "active,cancelled", "lapsed,active"})
    void theLifecycleOfTheIssueIsAllowed(PolicyStatusEnum from, PolicyStatusEnum to) {
        assertThat(PolicyLifecycle.check(from, to)).isEqualTo(new PolicyLifecycle.Allowed(from, to));
    }

    @Test
    void skippingApprovalIsRefusedNamingWhatIsAllowed() {
        PolicyLifecycle.Transition transition = PolicyLifecycle.check(draft, active);

        assertThat(transition).isEqualTo(new PolicyLifecycle.Refused(draft, active, List.of(pending_approval, cancelled)));
        assertThat(((PolicyLifecycle.Refused) transition).explanation())
                .isEqualTo("a draft policy cannot become active; allowed: pending_approval, cancelled");
    }

    @Test
    void finalStatusesCannotChange() {
        for (PolicyStatusEnum status : List.of(surrendered, matured, claimed, cancelled)) {
            assertThat(PolicyLifecycle.allowedFrom(status)).isEmpty();
            assertThat(((PolicyLifecycle.Refused) PolicyLifecycle.check(status, active)).explanation())
                    .contains("is final");
        }
    }

    @Test
    void statusNamesAreReadAsPeopleWriteThem() {
        assertThat(PolicyLifecycle.parse("Pending Approval")).isEqualTo(Parsed.valid(pending_approval));
        assertThat(PolicyLifecycle.parse("under-review")).isEqualTo(Parsed.valid(under_review));
        assertThat(PolicyLifecycle.parse("in force")).isInstanceOf(Parsed.Invalid.class);
    }
}
