package com.agentmitra.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

/** The IAM token made with the core signer is the SDK's RDS token (the rds module is a test dependency only). */
class RdsIamTokenTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T06:40:00Z"), ZoneOffset.UTC);

    @Test
    void isTheTokenOfTheSdksRdsUtilitiesWithSessionCredentials() {
        // the shape Lambda's role credentials have: key, secret and session token (made-up values)
        var credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                "ASIAEXAMPLEKEYID0000", "example/secret/key/not/real/0000000000000", "example-session-token/+="));
        assertSameToken(credentials, "ap-south-1", "proxy.proxy-abc.ap-south-1.rds.amazonaws.com", 5432, "agent_mitra_app");
    }

    @Test
    void isTheTokenOfTheSdksRdsUtilitiesWithLongTermCredentialsAndAnotherRegion() {
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAEXAMPLEKEYID0000", "another/example/secret/000000000000000"));
        assertSameToken(credentials, "eu-west-1", "db.example.internal", 6543, "user with space+plus");
    }

    @Test
    void isValidForFifteenMinutesFromNow() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEXAMPLE", "secret"));
        String token = new RdsIamToken(credentials, "ap-south-1", CLOCK).generate("h.example", 5432, "u");

        assertThat(token).startsWith("h.example:5432/?");
        assertThat(query(token)).containsEntry("Action", "connect").containsEntry("DBUser", "u")
                .containsEntry("X-Amz-Expires", "900").containsEntry("X-Amz-Date", "20261207T064000Z")
                .containsEntry("X-Amz-Credential", "AKIAEXAMPLE%2F20261207%2Fap-south-1%2Frds-db%2Faws4_request");
    }

    private static void assertSameToken(StaticCredentialsProvider credentials, String region, String host, int port,
            String user) {
        String ours = new RdsIamToken(credentials, region, CLOCK).generate(host, port, user);
        String sdks = sdkUtilities(credentials, region).generateAuthenticationToken(
                GenerateAuthenticationTokenRequest.builder().hostname(host).port(port).username(user).build());

        assertThat(ours.substring(0, ours.indexOf('?'))).isEqualTo(sdks.substring(0, sdks.indexOf('?')));
        // the same parameters, signature included (their order in the string carries no meaning to SigV4)
        assertThat(query(ours)).isEqualTo(query(sdks)).containsKey("X-Amz-Signature");
    }

    @SuppressWarnings("unchecked")
    private static RdsUtilities sdkUtilities(StaticCredentialsProvider credentials, String region) {
        // the SDK's clock is package-private: build it as DefaultRdsUtilities(builder, clock) through reflection
        try {
            RdsUtilities.Builder builder = RdsUtilities.builder().region(Region.of(region)).credentialsProvider(credentials);
            Class<?> implementation = Class.forName("software.amazon.awssdk.services.rds.DefaultRdsUtilities");
            Class<?> builderType = Class.forName("software.amazon.awssdk.services.rds.DefaultRdsUtilities$DefaultBuilder");
            var constructor = implementation.getDeclaredConstructor(builderType, Clock.class);
            constructor.setAccessible(true);
            return (RdsUtilities) constructor.newInstance(builder, CLOCK);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the SDK's RdsUtilities changed shape", e);
        }
    }

    private static Map<String, String> query(String token) {
        String query = URI.create("https://" + token).getRawQuery();
        return Arrays.stream(query.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1], (a, b) -> a + "," + b, TreeMap::new));
    }
}
