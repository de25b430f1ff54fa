package io.vellum.server;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldbsession.QldbSessionClient;
import software.amazon.awssdk.services.qldbsession.QldbSessionClientBuilder;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/** Starts real servers on ephemeral ports (SigV4 on) and points the official QLDB driver at them. */
public final class TestServers {
    private TestServers() {
    }

    public static VellumServer start(Path dataDirectory) {
        return start(dataDirectory, UnaryOperator.identity());
    }

    public static VellumServer start(Path dataDirectory, UnaryOperator<ServerConfig> customize) {
        return VellumServer.start(customize.apply(ServerConfig.defaults(dataDirectory)));
    }

    /** The Session API client exactly as an application would configure it, only the endpoint changed. */
    public static QldbSessionClientBuilder sessionClient(VellumServer server, String accessKeyId, String secret) {
        return QldbSessionClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)));
    }

    public static QldbDriver driver(VellumServer server, String ledger) {
        return driver(server, ledger, 4);
    }

    public static QldbDriver driver(VellumServer server, String ledger, int maxRetries) {
        return QldbDriver.builder()
                .ledger(ledger)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(maxRetries).build())
                .sessionClientBuilder(sessionClient(server, server.accessKeyId(), server.secretAccessKey()))
                .build();
    }
}
