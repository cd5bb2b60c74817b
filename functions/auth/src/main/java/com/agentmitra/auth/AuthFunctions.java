package com.agentmitra.auth;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.SnapStartPriming;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappOutbox;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The auth module's functions ({@code MAIN_CLASS} in {@code template.yaml}): {@code auth}, every {@code /auth/*}
 * route and {@code /.well-known/jwks.json} behind one Lambda (dispatched by {@link AuthRoutes}), and
 * {@code authorizer}, the API's REQUEST Lambda authorizer. Each builds only what it needs.
 */
public final class AuthFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String AUTH = "auth";
    public static final String AUTHORIZER = "authorizer";

    @Override
    public void initialize(GenericApplicationContext context) {
        boolean auth = FunctionSelection.wants(AUTH);
        boolean authorizer = FunctionSelection.wants(AUTHORIZER);
        if (!auth && !authorizer) {
            return;
        }
        Clock clock = Clock.systemUTC();
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory directory = new TenantDirectory(database);
        AuthRepository repository = new AuthRepository();

        if (auth) {
            // the signing keys (and the hash key) reach this function only; re-read every few minutes
            TokenConfig tokenConfig = TokenConfig.fromEnvironment();
            AuthKeys keys = AuthKeys.load(tokenConfig.keys(), clock);
            AccessTokens accessTokens = new AccessTokens(keys, tokenConfig, clock);
            AuthConfig config = AuthConfig.fromEnvironment();
            // the SQS client is built by the first message sent (an OTP, a reset, a notice) or by priming: a password
            // sign-in or a refresh, most cold starts' first request, sends nothing
            AwsClients.Lazy<SqsWhatsappOutbox> sqs = AwsClients.lazily(
                    () -> SqsWhatsappOutbox.to(config.whatsappOutboundQueueUrl()));
            WhatsappOutbox outbox = message -> sqs.get().send(message);
            TenantLookup tenants = new TenantLookup(directory);
            PasswordHasher hasher = new PasswordHasher();
            MfaSecrets mfaSecrets = new MfaSecrets(keys);
            RecoveryCodes recoveryCodes = new RecoveryCodes(keys);
            CurrentCredentials credentials = new CurrentCredentials(repository, hasher, mfaSecrets, recoveryCodes);
            SignInLimits limits = new SignInLimits(database, keys, config.limits(), clock);
            SecurityNotices notices = new SecurityNotices(outbox);
            Sessions sessions = new Sessions(repository, accessTokens, clock);
            AuthRoutes routes = new AuthRoutes(new Api(directory),
                    new OtpSignIn(database, tenants, repository, keys, sessions, outbox,
                            new OtpPolicy(config.otpRequestsPerAddressPerHour()), clock),
                    new PasswordSignIn(database, tenants, repository, hasher, credentials, limits, sessions, clock),
                    new SessionService(database, tenants, repository, sessions, clock),
                    new PasswordReset(database, tenants, repository, keys, hasher, outbox, credentials, clock),
                    new MfaEnrolment(database, repository, mfaSecrets, credentials, recoveryCodes, notices, clock),
                    new UserAdministration(database, repository, hasher, notices, clock),
                    keys, limits);
            FunctionRegistrations.api(context, AUTH, routes.function());
            SnapStartPriming.register(() -> {
                Json.write(routes.describe());
                Json.write(keys.publicJwks());
                hasher.matches("priming-only", null);
                sqs.get();
            }, () -> ConnectionPool.closeIdleConnections(pool), () -> {
                // a restored copy: no connection, key or random state of the snapshot used as it is
                ConnectionPool.afterRestore(pool);
                keys.afterRestore();
                Secrets.afterRestore();
            });
        }
        if (authorizer) {
            // public keys only (their own secret): the function on every request's path cannot sign
            TokenConfig tokenConfig = TokenConfig.forAuthorizer();
            PublicKeys publicKeys = PublicKeys.load(tokenConfig.keys(), clock);
            AccessTokens accessTokens = AccessTokens.verifying(publicKeys, tokenConfig, clock);
            Authorizer gate = new Authorizer(accessTokens, new SessionStatus(database, directory, repository, clock));
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            // the answer is an AWS event type: Spring Cloud Function would otherwise wrap it as an API Gateway
            // response (statusCode, body), because a REQUEST authorizer event carries httpMethod
            FunctionRegistrations.event(context, AUTHORIZER, mapType, IamPolicyResponse.class,
                    message -> gate.authorize(message.getPayload()));
            SnapStartPriming.register(() -> {
                // signs and verifies one token with a throw-away key (never ours, never stored) so the JOSE and EC
                // classes are warm in the snapshot; the authorizer itself holds no signing key
                UUID zero = new UUID(0, 0);
                String throwAway = AuthKeys.newSecretJson();
                String token = new AccessTokens(AuthKeys.parse(throwAway), tokenConfig, clock)
                        .issue(zero, zero, "PRIME", Role.JUNIOR_AGENT, Optional.empty(), zero);
                AccessTokens.verifying(PublicKeys.parse(AuthKeys.publicKeysJson(throwAway)), tokenConfig, clock)
                        .verify(token);
                database.renderForTenant(new Tenant(zero, "PRIME", "prime_schema"), tx -> tx.selectOne());
            }, () -> ConnectionPool.closeIdleConnections(pool), () -> {
                ConnectionPool.afterRestore(pool);
                publicKeys.afterRestore();
            });
        }
    }
}
