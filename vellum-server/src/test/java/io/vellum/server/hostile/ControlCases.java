package io.vellum.server.hostile;

import static io.vellum.server.hostile.BadInputSuiteTest.badUtf8;
import static io.vellum.server.hostile.BadInputSuiteTest.control;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedJsonArrays;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedJsonObjects;
import static io.vellum.server.hostile.BadInputSuiteTest.spliced;
import static io.vellum.server.hostile.HostileInputs.quote;
import static io.vellum.server.hostile.HostileInputs.utf8;

import io.vellum.server.hostile.BadInputSuiteTest.Case;
import java.util.List;

/** Hostile requests to the QLDB control plane (REST-JSON). */
final class ControlCases {
    private static final String LEDGER = "/ledgers/" + BadInputSuiteTest.LEDGER;
    private static final String ADDRESS = "{\"IonText\":\"{strandId:\\\"AAAAAAAAAAAAAAAAAAAAAA\\\",sequenceNo:1}\"}";

    private ControlCases() {
    }

    static void add(List<Case> cases) {
        String create = "{\"Name\":\"fresh-one\",\"PermissionsMode\":\"NOPE\"}";
        for (int length = 1; length < create.length(); length += 4) {
            cases.add(control("CreateLedger truncated at " + length, "POST", "/ledgers",
                    utf8(create.substring(0, length))));
        }
        for (String body : List.of("null", "[]", "1", "\"x\"", "{} {}", "{\"Name\"}", "<xml/>")) {
            cases.add(control("CreateLedger body " + body, "POST", "/ledgers", utf8(body)));
        }
        for (String value : List.of("1", "true", "[]", "{}", "1e999999999", "-1")) {
            cases.add(control("CreateLedger Name as " + value, "POST", "/ledgers",
                    utf8("{\"Name\":" + value + ",\"PermissionsMode\":\"STANDARD\"}")));
            cases.add(control("UpdateLedger DeletionProtection as " + value, "PATCH", LEDGER,
                    utf8("{\"DeletionProtection\":" + (value.equals("true") ? "\"true\"" : value) + "}")));
            cases.add(control("GetBlock BlockAddress as " + value, "POST", LEDGER + "/block",
                    utf8("{\"BlockAddress\":" + value + "}")));
            cases.add(control("GetRevision DocumentId as " + value, "POST", LEDGER + "/revision",
                    utf8("{\"BlockAddress\":" + ADDRESS + ",\"DocumentId\":" + value + "}")));
            if (value.equals("{}")) {
                continue; // no tags at all is a valid TagResource
            }
            cases.add(control("Tags as " + value, "POST", "/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A000000000000"
                    + "%3Aledger%2F" + BadInputSuiteTest.LEDGER, utf8("{\"Tags\":" + value + "}")));
        }
        cases.add(control("CreateLedger missing PermissionsMode", "POST", "/ledgers", utf8("{\"Name\":\"fresh-two\"}")));
        cases.add(control("CreateLedger missing Name", "POST", "/ledgers", utf8("{\"PermissionsMode\":\"STANDARD\"}")));
        cases.add(control("CreateLedger duplicate Name", "POST", "/ledgers",
                utf8("{\"Name\":\"fresh-three\",\"Name\":\"bad name\",\"PermissionsMode\":\"STANDARD\"}")));
        cases.add(control("CreateLedger that exists", "POST", "/ledgers",
                utf8("{\"Name\":\"" + BadInputSuiteTest.LEDGER + "\",\"PermissionsMode\":\"STANDARD\"}")));
        cases.add(control("UpdateLedger duplicate DeletionProtection", "PATCH", LEDGER,
                utf8("{\"DeletionProtection\":true,\"DeletionProtection\":\"x\"}")));
        for (String name : LedgerNamesRefused.NAMES) {
            cases.add(control("CreateLedger named '" + name.replace("\u0000", "NUL") + "'", "POST", "/ledgers",
                    utf8("{\"Name\":" + quote(name).replace("\u0000", "\\u0000") + ",\"PermissionsMode\":\"STANDARD\"}")));
        }
        for (int depth : new int[] {101, 4_000, 100_000}) {
            cases.add(control("JSON arrays " + depth + " deep as CreateLedger body", "POST", "/ledgers",
                    utf8(nestedJsonArrays(depth))));
            cases.add(control("JSON objects " + depth + " deep in Tags", "POST", "/ledgers",
                    utf8("{\"Name\":\"fresh-four\",\"PermissionsMode\":\"STANDARD\",\"Tags\":"
                            + nestedJsonObjects(depth) + "}")));
        }
        for (int depth : new int[] {3_000, 10_000}) {
            cases.add(control("Ion text " + depth + " deep in BlockAddress.IonText", "POST", LEDGER + "/block",
                    utf8("{\"BlockAddress\":{\"IonText\":\"" + "[".repeat(depth) + "]".repeat(depth) + "\"}}")));
        }
        for (String address : List.of("{strandId:\\\"A\\\",sequenceNo:" + "9".repeat(30) + "}",
                "{strandId:\\\"A\\\",sequenceNo:-1}", "{}", "x", "{strandId:1,sequenceNo:1}",
                "{strandId:\\\"" + "A".repeat(5_000) + "\\\",sequenceNo:100000}")) {
            cases.add(control("GetBlock address " + abbreviate(address), "POST", LEDGER + "/block",
                    utf8("{\"BlockAddress\":{\"IonText\":\"" + address + "\"}}")));
        }
        cases.add(control("GetRevision bad DocumentId", "POST", LEDGER + "/revision",
                utf8("{\"BlockAddress\":" + ADDRESS + ",\"DocumentId\":\"../../etc\"}")));
        cases.add(control("GetRevision missing BlockAddress", "POST", LEDGER + "/revision",
                utf8("{\"DocumentId\":\"AAAAAAAAAAAAAAAAAAAAAA\"}")));
        // Tags QLDB refuses: key over 128 characters, value over 256, more than 200, reserved prefix, empty key.
        String tagArn = "/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A000000000000%3Aledger%2F" + BadInputSuiteTest.LEDGER;
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 201; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        for (String tags : List.of("{\"" + "k".repeat(129) + "\":\"v\"}", "{\"k\":\"" + "v".repeat(257) + "\"}",
                many.append("}").toString(), "{\"aws:owner\":\"me\"}", "{\"\":\"v\"}")) {
            cases.add(control("TagResource " + abbreviate(tags) + " (" + tags.length() + ")", "POST", tagArn,
                    utf8("{\"Tags\":" + tags + "}")));
            cases.add(control("CreateLedger with Tags " + abbreviate(tags) + " (" + tags.length() + ")", "POST",
                    "/ledgers", utf8("{\"Name\":\"tagged\",\"PermissionsMode\":\"STANDARD\",\"Tags\":" + tags
                            + "}")));
        }
        cases.add(control("UntagResource without keys", "DELETE", tagArn, new byte[0]));
        cases.add(control("UntagResource with a key of 129 characters", "DELETE", tagArn + "?tagKeys="
                + "k".repeat(129), new byte[0]));
        // Huge numbers and bad timestamps in an export request.
        for (String time : List.of("1e999999999", "-1e999999999", "9".repeat(999), "9".repeat(1_001),
                "1" + "0".repeat(400) + ".5", "\"yesterday\"", "true", "1e-999999999")) {
            cases.add(control("ExportJournalToS3 InclusiveStartTime " + abbreviate(time) + " (" + time.length()
                    + " characters)", "POST",
                    LEDGER + "/journal-s3-exports", utf8("{\"InclusiveStartTime\":" + time
                            + ",\"ExclusiveEndTime\":1,\"RoleArn\":\"arn:aws:iam::0:role/x\","
                            + "\"S3ExportConfiguration\":{\"Bucket\":\"b\",\"Prefix\":\"p\","
                            + "\"EncryptionConfiguration\":{\"ObjectEncryptionType\":\"NO_ENCRYPTION\"}}}")));
        }
        // Journal streams (this server has no Kafka cluster, so even a well-formed one is refused).
        String kinesis = "\"KinesisConfiguration\":{\"StreamArn\":\"arn:aws:kinesis:us-east-1:0:stream/s\"}";
        for (String body : List.of("{}", "{\"StreamName\":1}", "{\"StreamName\":\"bad name!\",\"RoleArn\":\"r\","
                + "\"InclusiveStartTime\":0," + kinesis + "}", "{\"StreamName\":\"s\",\"RoleArn\":\"r\","
                + "\"InclusiveStartTime\":1e999999999," + kinesis + "}", "{\"StreamName\":\"s\",\"RoleArn\":\"r\","
                + "\"InclusiveStartTime\":10,\"ExclusiveEndTime\":5," + kinesis + "}", "{\"StreamName\":\"s\","
                + "\"RoleArn\":\"r\",\"InclusiveStartTime\":0,\"KinesisConfiguration\":{\"StreamArn\":5}}",
                "{\"StreamName\":\"s\",\"RoleArn\":\"r\",\"InclusiveStartTime\":0," + kinesis + "}",
                "{\"StreamName\":\"s\",\"RoleArn\":\"r\",\"InclusiveStartTime\":0,\"KinesisConfiguration\":"
                        + "{\"StreamArn\":\"arn:aws:kinesis:us-east-1:0:stream/" + "x".repeat(5_000) + "\"}}")) {
            cases.add(control("StreamJournalToKinesis " + abbreviate(body) + " (" + body.length() + ")", "POST",
                    LEDGER + "/journal-kinesis-streams", utf8(body)));
        }
        cases.add(control("ExportJournalToS3 bucket '..'", "POST", LEDGER + "/journal-s3-exports",
                utf8("{\"InclusiveStartTime\":0,\"ExclusiveEndTime\":1,\"RoleArn\":\"arn:aws:iam::0:role/x\","
                        + "\"S3ExportConfiguration\":{\"Bucket\":\"..\",\"Prefix\":\"../../x\","
                        + "\"EncryptionConfiguration\":{\"ObjectEncryptionType\":\"NO_ENCRYPTION\"}}}")));
        cases.add(control("ExportJournalToS3 bucket with a slash", "POST", LEDGER + "/journal-s3-exports",
                utf8("{\"InclusiveStartTime\":0,\"ExclusiveEndTime\":1,\"RoleArn\":\"arn:aws:iam::0:role/x\","
                        + "\"S3ExportConfiguration\":{\"Bucket\":\"a/../../b\",\"Prefix\":\"p\","
                        + "\"EncryptionConfiguration\":{\"ObjectEncryptionType\":\"NO_ENCRYPTION\"}}}")));
        for (Object[] bad : badUtf8()) {
            String name = (String) bad[0];
            byte[] bytes = (byte[]) bad[1];
            cases.add(control("bad UTF-8 " + name + " in CreateLedger Name", "POST", "/ledgers",
                    spliced("{\"Name\":\"fresh", bytes, "\",\"PermissionsMode\":\"STANDARD\"}")));
            cases.add(control("bad UTF-8 " + name + " in a Tags value", "POST", "/ledgers", spliced(
                    "{\"Name\":\"fresh-five\",\"PermissionsMode\":\"NOPE\",\"Tags\":{\"k\":\"", bytes, "\"}}")));
        }
        for (String escape : List.of("\\ud800", "\\udc00")) {
            cases.add(control("surrogate " + escape + " in CreateLedger Name", "POST", "/ledgers",
                    utf8("{\"Name\":\"fresh" + escape + "\",\"PermissionsMode\":\"STANDARD\"}")));
            cases.add(control("surrogate " + escape + " in a Tags key", "POST", "/ledgers",
                    utf8("{\"Name\":\"fresh-six\",\"PermissionsMode\":\"STANDARD\",\"Tags\":{\"" + escape
                            + "\":\"v\"}}")));
        }
        // Paths, queries and methods.
        for (String path : List.of("/nope", "/ledgers/nope-nope", "/ledgers/nope-nope/digest", LEDGER + "/nope",
                LEDGER + "/journal-s3-exports/nope", LEDGER + "/journal-kinesis-streams/nope",
                "/ledgers/%C3%28/digest", "/ledgers/a%2F..%2F..%2Fetc/digest", "/ledgers/" + "x".repeat(300),
                "/ledgers/123", "/ledgers/a--b", "/ledgers/%00", "/ledgers?max_results=abc",
                "/ledgers?max_results=-1", "/ledgers?max_results=" + "9".repeat(40), "/ledgers?next_token=forged",
                "/ledgers?next_token=%C3%28", "/journal-s3-exports?max_results=0", "/tags/nope",
                "/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A0%3Aledger%2F..%2F..")) {
            cases.add(control("GET " + abbreviate(path), "GET", path, new byte[0]));
        }
        for (String[] methodPath : new String[][] {{"PUT", "/ledgers"}, {"DELETE", "/ledgers"},
                {"POST", LEDGER}, {"GET", LEDGER + "/digest"}, {"PUT", LEDGER + "/digest"}, {"TRACE", "/ledgers"},
                {"DELETE", "/ledgers/nope-nope"}, {"DELETE", "/ledgers/%C3%28"}, {"PATCH", "/ledgers/nope-nope"},
                {"OPTIONS", "/ledgers"}}) {
            cases.add(control(methodPath[0] + " " + methodPath[1], methodPath[0], methodPath[1], new byte[0]));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
