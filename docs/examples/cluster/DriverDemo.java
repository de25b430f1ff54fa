import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldbsession.QldbSessionClient;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.Result;
import software.amazon.qldb.RetryPolicy;

/**
 * The official QLDB driver against one node of a Vellum cluster. Usage (credentials from VELLUM_ACCESS_KEY_ID and
 * VELLUM_SECRET_ACCESS_KEY):
 *   java -cp vellum-bench/target/vellum-bench.jar docs/examples/cluster/DriverDemo.java URL LEDGER create-table
 *   … URL LEDGER insert FIRST_ID COUNT     (one transaction per row; prints each row's document id)
 *   … URL LEDGER count
 */
public class DriverDemo {
    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String ledger = args[1];
        String command = args[2];
        try (QldbDriver driver = QldbDriver.builder().ledger(ledger)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(20).build())
                .sessionClientBuilder(QldbSessionClient.builder().endpointOverride(URI.create(endpoint))
                        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(System.getenv("VELLUM_ACCESS_KEY_ID"),
                                        System.getenv("VELLUM_SECRET_ACCESS_KEY")))))
                .build()) {
            long started = System.nanoTime();
            switch (command) {
                case "create-table" -> driver.execute(txn -> {
                    txn.execute("CREATE TABLE Payments");
                    txn.execute("CREATE INDEX ON Payments (id)");
                });
                case "insert" -> {
                    int first = Integer.parseInt(args[3]);
                    for (int id = first; id < first + Integer.parseInt(args[4]); id++) {
                        String statement = "INSERT INTO Payments VALUE {'id': " + id + ", 'amount': 1.50}";
                        Result result = driver.execute(txn -> {
                            return txn.execute(statement);
                        });
                        System.out.println("id " + id + ": " + result.iterator().next() + " after "
                                + (System.nanoTime() - started) / 1_000_000 + " ms");
                    }
                }
                case "count" -> driver.execute(txn -> {
                    txn.execute("SELECT COUNT(*) AS n FROM Payments").forEach(System.out::println);
                });
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }
    }
}
