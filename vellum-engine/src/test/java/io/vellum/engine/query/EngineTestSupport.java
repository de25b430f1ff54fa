package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shared set-up of the query tests: one engine, one in-memory transaction context, Ion helpers. */
abstract class EngineTestSupport {
    static final IonSystem ION = IonSystemBuilder.standard().build();

    final QueryEngine engine = new QueryEngine(ION);
    final InMemoryQueryContext context = new InMemoryQueryContext(ION);

    /** Executes with Ion-text parameters ("'x'" is not Ion; use "\"x\"" for a string). */
    List<IonValue> run(String statement, String... ionParameters) {
        List<IonValue> parameters = new ArrayList<>();
        for (String parameter : ionParameters) {
            parameters.add(ION.singleValue(parameter));
        }
        return engine.execute(context, statement, parameters);
    }

    /** Executes with ready-made parameters. */
    List<IonValue> runWith(String statement, IonValue... parameters) {
        return engine.execute(context, statement, Arrays.asList(parameters));
    }

    /** The values of an Ion text stream. */
    static List<IonValue> ion(String text) {
        IonDatagram datagram = ION.getLoader().load(text);
        List<IonValue> values = new ArrayList<>();
        for (IonValue value : datagram) {
            values.add(ION.clone(value));
        }
        return values;
    }

    /** Asserts that the results equal the Ion text stream {@code expected}, in order (Ion data-model equality). */
    static void assertResults(List<IonValue> actual, String expected) {
        assertThat(actual).as("results of the statement").isEqualTo(ion(expected));
    }

    /** Asserts the same results in any order. */
    static void assertResultsInAnyOrder(List<IonValue> actual, String expected) {
        assertThat(actual).as("results of the statement").containsExactlyInAnyOrderElementsOf(ion(expected));
    }

    /** The documentId of a {@code {documentId}} result. */
    static String documentId(IonValue result) {
        return ((com.amazon.ion.IonString) ((IonStruct) result).get("documentId")).stringValue();
    }

    /** The tableId of a {@code {tableId}} result. */
    static String tableId(IonValue result) {
        return ((com.amazon.ion.IonString) ((IonStruct) result).get("tableId")).stringValue();
    }

    LedgerException failure(String statement, String... ionParameters) {
        LedgerException exception = catchThrowableOfType(LedgerException.class, () -> run(statement, ionParameters));
        assertThat(exception).as("statement should fail: " + statement).isNotNull();
        return exception;
    }

    void assertFails(ErrorCode code, String messagePart, String statement, String... ionParameters) {
        LedgerException exception = failure(statement, ionParameters);
        assertThat(exception.code()).as(exception.getMessage()).isEqualTo(code);
        assertThat(exception.getMessage()).contains(messagePart);
    }

    /** The vehicle-registration sample of the QLDB developer guide, with indexes as the guide creates them. */
    void loadVehicleRegistration() {
        run("CREATE TABLE Person");
        run("CREATE TABLE Vehicle");
        run("CREATE TABLE VehicleRegistration");
        run("CREATE TABLE DriversLicense");
        run("CREATE INDEX ON Person (GovId)");
        run("CREATE INDEX ON Vehicle (VIN)");
        run("CREATE INDEX ON VehicleRegistration (VIN)");
        run("CREATE INDEX ON VehicleRegistration (LicensePlateNumber)");
        run("CREATE INDEX ON DriversLicense (PersonId)");
        run("CREATE INDEX ON DriversLicense (LicenseNumber)");
        run("""
            INSERT INTO Person << {'FirstName': 'Raul', 'LastName': 'Lewis', 'DOB': `1963-08-19T`,
                                   'GovId': 'LEWISR261LL', 'GovIdType': 'Driver License',
                                   'Address': '1719 University Street, Seattle, WA, 98109'},
                                  {'FirstName': 'Brent', 'LastName': 'Logan', 'DOB': `1967-07-03T`,
                                   'GovId': 'LOGANB486CG', 'GovIdType': 'Driver License',
                                   'Address': '43 Stockert Hollow Road, Everett, WA, 98203'},
                                  {'FirstName': 'Alexis', 'LastName': 'Pena', 'DOB': `1974-02-10T`,
                                   'GovId': '744 849 301', 'GovIdType': 'SSN',
                                   'Address': '4058 Melrose Street, Spokane Valley, WA, 99206'} >>""");
        run("""
            INSERT INTO Vehicle << {'VIN': '1N4AL11D75C109151', 'Type': 'Sedan', 'Year': 2011, 'Make': 'Audi',
                                    'Model': 'A5', 'Color': 'Silver'},
                                   {'VIN': 'KM8SRDHF6EU074761', 'Type': 'Sedan', 'Year': 2015, 'Make': 'Tesla',
                                    'Model': 'Model S', 'Color': 'Blue'},
                                   {'VIN': '3HGGK5G53FM761765', 'Type': 'Motorcycle', 'Year': 2011,
                                    'Make': 'Ducati', 'Model': 'Monster 1200', 'Color': 'Yellow'} >>""");
        run("""
            INSERT INTO VehicleRegistration << {'VIN': '1N4AL11D75C109151', 'LicensePlateNumber': 'LEWISR261LL',
                'State': 'WA', 'City': 'Seattle', 'PendingPenaltyTicketAmount': 90.25,
                'ValidFromDate': `2017-08-21T`, 'ValidToDate': `2020-05-11T`,
                'Owners': {'PrimaryOwner': {'PersonId': 'P1'}, 'SecondaryOwners': []}},
              {'VIN': 'KM8SRDHF6EU074761', 'LicensePlateNumber': 'CA762X', 'State': 'WA', 'City': 'Kent',
                'PendingPenaltyTicketAmount': 130.75, 'ValidFromDate': `2017-09-14T`, 'ValidToDate': `2020-06-25T`,
                'Owners': {'PrimaryOwner': {'PersonId': 'P2'}, 'SecondaryOwners': [{'PersonId': 'P3'}]}} >>""");
        context.clearAccesses();
    }
}
