package com.agentmitra.policies.me;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.policies.Problems;
import com.agentmitra.policies.consent.ConsentLedger;
import com.agentmitra.policies.consent.ConsentPurpose;
import com.agentmitra.policies.consent.ConsentSource;
import com.agentmitra.policies.consent.ConsentStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Every signed-in person's own profile ({@code GET/PATCH /me}): display name, preferred language, notification
 * categories; for a customer also their WhatsApp consent, given or withdrawn in one call (source {@code app}, on the
 * notice shown in their language), which the reminders job and the WhatsApp sender check again before each send.
 * A customer's language and categories live on their policyholder record, where the jobs that message them read.
 */
public final class MeService {

    static final String APP_EVIDENCE = "changed by the customer in the app";

    private final Database database;
    private final Clock clock;
    private final MeRepository repository = new MeRepository();
    private final ConsentLedger ledger = new ConsentLedger();

    public MeService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public MeView get(Caller caller) {
        return database.inTransaction(caller, tx -> view(tx, caller));
    }

    public MeView update(Caller caller, MeBody body) {
        MeRules.Patch patch = Problems.orInvalid(MeRules.validate(body, caller.role()));
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            MeRepository.User user = repository.user(tx, caller.requireUserId())
                    .orElseThrow(() -> new ApiProblem.NotFound("your account"));
            Optional<MeRepository.Customer> customer = caller.role() == Role.POLICYHOLDER
                    ? repository.customer(tx, user.id(), true) : Optional.empty();
            if (customer.isPresent()) {
                repository.updateUser(tx, user.id(), patch.displayName(), patch.preferredLanguage(), Optional.empty());
                MeRepository.Customer c = customer.get();
                repository.updateCustomer(tx, c.id(), patch.preferredLanguage(),
                        patch.preferences().map(p -> p.over(c.preferences())));
                String language = patch.preferredLanguage().orElse(c.language());
                patch.whatsappUtility().ifPresent(granted -> ledger.record(tx, c.id(), language,
                        own(ConsentPurpose.WHATSAPP_UTILITY, granted, now)));
                patch.whatsappMarketing().ifPresent(granted -> ledger.record(tx, c.id(), language,
                        own(ConsentPurpose.WHATSAPP_MARKETING, granted, now)));
            } else {
                if (patch.whatsappUtility().isPresent() || patch.whatsappMarketing().isPresent()) {
                    throw ApiProblem.InvalidInput.field("whatsappUtility", "your login has no customer record");
                }
                repository.updateUser(tx, user.id(), patch.displayName(), patch.preferredLanguage(),
                        patch.preferences().map(p -> p.over(user.preferences())));
            }
            return view(tx, caller);
        });
    }

    private static ConsentStatement own(ConsentPurpose purpose, boolean granted, Instant now) {
        return new ConsentStatement(purpose, granted, ConsentSource.APP, Optional.of(APP_EVIDENCE), now);
    }

    private MeView view(DSLContext tx, Caller caller) {
        MeRepository.User user = repository.user(tx, caller.requireUserId())
                .orElseThrow(() -> new ApiProblem.NotFound("your account"));
        Optional<MeRepository.Customer> customer = caller.role() == Role.POLICYHOLDER
                ? repository.customer(tx, user.id(), false) : Optional.empty();
        String tenant = caller.tenant().code();
        if (customer.isEmpty()) {
            return new MeView(user.id(), caller.role().sqlName(), tenant, user.displayName(), user.firstName(),
                    user.lastName(), user.email(), user.phone(), user.language(), user.preferences(), null, null);
        }
        MeRepository.Customer c = customer.get();
        return new MeView(user.id(), caller.role().sqlName(), tenant, user.displayName(), c.firstName(),
                c.lastName(), c.email() != null ? c.email() : user.email(), c.phone() != null ? c.phone() : user.phone(),
                c.language(), c.preferences(), c.id(), ledger.current(tx, c.id()).orElseThrow());
    }
}
