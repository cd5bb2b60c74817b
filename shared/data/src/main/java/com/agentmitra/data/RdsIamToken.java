package com.agentmitra.data;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * An RDS IAM authentication token (the password of an IAM database login): a SigV4 pre-signed
 * {@code https://host:port/?Action=connect&DBUser=user} for the service {@code rds-db}, valid for 15 minutes, without
 * its scheme. The same token the SDK's {@code RdsUtilities.generateAuthenticationToken} makes, from the SDK's core
 * signer alone: the 5.8 MB RDS client is not in any Lambda zip (RdsIamTokenTest compares the two).
 */
final class RdsIamToken {

    /** How long RDS accepts a token (its own fixed limit; a connection opened with it may outlive it). */
    static final Duration VALIDITY = Duration.ofMinutes(15);

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;

    RdsIamToken(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token for {@code user} at {@code host:port}, signed now with the current credentials. */
    String generate(String host, int port, String user) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("DBUser", user)
                .putRawQueryParameter("Action", "connect")
                .build();
        SdkHttpRequest signed = signer.sign(signing -> signing
                .identity(credentials.resolveCredentials())
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, VALIDITY)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request();
        String uri = signed.getUri().toString();
        return uri.startsWith("https://") ? uri.substring("https://".length()) : uri;
    }
}
