package dev.quire.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal of bad input, with its exact message: these messages reach client developers. */
class DeltaJsonErrorTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new DeltaJsonModule());

    private String errorReading(String json, Class<?> type) {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> mapper.readValue(json, type));
        return e.getOriginalMessage();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        []                                         | a delta must be an object {"ops": [...]}, got an array
        "ops"                                      | a delta must be an object {"ops": [...]}, got "ops"
        {}                                         | a delta needs "ops"
        {"ops":[],"id":1}                          | unknown key "id" in a delta; it has only "ops"
        {"ops":[],"ops":[]}                        | duplicate key "ops"
        {"ops":{}}                                 | "ops" must be an array, got an object
        {"ops":null}                               | "ops" must be an array, got null
        {"ops":[1]}                                | ops[0] must be an object, got 1
        {"ops":[{}]}                               | ops[0]: an op needs exactly one of insert, retain, delete
        {"ops":[{"insert":"a","delete":1}]}        | ops[0]: an op needs exactly one of insert, retain, delete
        {"ops":[{"attributes":{"bold":true}}]}     | ops[0]: an op needs exactly one of insert, retain, delete
        {"ops":[{"insert":"a","bold":true}]}       | ops[0]: unknown key "bold"; an op has only insert, retain, delete and attributes
        {"ops":[{"insert":"a","insert":"b"}]}      | ops[0]: duplicate key "insert"
        {"ops":[{"insert":""}]}                    | ops[0]: "insert" must not be an empty string
        {"ops":[{"insert":5}]}                     | ops[0]: "insert" must be a string or an embed object, got 5
        {"ops":[{"insert":null}]}                  | ops[0]: "insert" must be a string or an embed object, got null
        {"ops":[{"insert":{}}]}                    | ops[0]: an embed in "insert" must not be an empty object
        {"ops":[{"retain":{}}]}                    | ops[0]: an embed in "retain" must not be an empty object
        {"ops":[{"retain":1},{"retain":2},{"retain":-1}]} | ops[2]: "retain" must be a positive integer, got -1
        {"ops":[{"retain":0}]}                     | ops[0]: "retain" must be a positive integer, got 0
        {"ops":[{"retain":1.5}]}                   | ops[0]: "retain" must be a positive integer, got 1.5
        {"ops":[{"retain":2.0}]}                   | ops[0]: "retain" must be a positive integer, got 2.0
        {"ops":[{"retain":"3"}]}                   | ops[0]: "retain" must be a positive integer or an embed object, got "3"
        {"ops":[{"retain":2147483648}]}            | ops[0]: "retain" must be a positive integer of at most 2147483647, got 2147483648
        {"ops":[{"retain":-2147483649}]}           | ops[0]: "retain" must be a positive integer, got -2147483649
        {"ops":[{"delete":99999999999999999999}]}  | ops[0]: "delete" must be a positive integer of at most 2147483647, got 99999999999999999999
        {"ops":[{"delete":{"image":"x"}}]}         | ops[0]: "delete" must be a positive integer, got an object
        {"ops":[{"delete":true}]}                  | ops[0]: "delete" must be a positive integer, got true
        {"ops":[{"delete":1,"attributes":{"bold":true}}]} | ops[0]: a delete has no attributes
        {"ops":[{"retain":2147483647},{"retain":1}]} | ops[1]: the delta's length exceeds 2147483647
        {"ops":[{"insert":"ab"},{"delete":2147483646}]} | ops[1]: the delta's length exceeds 2147483647
        {"ops":[{"retain":1},{"insert":"a","attributes":[]}]} | ops[1].attributes must be an object, got an array
        {"ops":[{"retain":1},{"insert":"a","attributes":null}]} | ops[1].attributes must be an object, got null
        {"ops":[{"insert":"a","attributes":{"size":1e400}}]} | ops[0].attributes.size: number out of range, got 1e400
        {"ops":[{"insert":"a","attributes":{"x":[1,{"y":-1e999}]}}]} | ops[0].attributes.x[1].y: number out of range, got -1e999
        """)
    void readDelta_badInput_preciseMessage(String json, String message) {
        assertEquals(message, errorReading(json, Delta.class));
    }

    @Test
    void readDelta_longKey_isShortenedInTheMessage() {
        String key = "k".repeat(100);
        assertEquals("ops[0]: unknown key \"" + "k".repeat(40) + "…\"; an op has only insert, retain, delete and attributes",
                errorReading("{\"ops\":[{\"" + key + "\":1}]}", Delta.class));
    }

    @Test
    void readDelta_error_carriesTheLocationOfTheOffendingToken() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> mapper.readValue("{\"ops\":[\n{\"retain\":1},\n{\"retain\":-1}]}", Delta.class));
        assertEquals(3, e.getLocation().getLineNr());
    }

    @Test
    void readOp_standalone_prefixesWithOp() {
        assertEquals("op: \"delete\" must be a positive integer, got 0", errorReading("{\"delete\":0}", Op.class));
    }

    @Test
    void readAttributes_standalone_mustBeAnObject() {
        assertEquals("attributes must be an object, got \"bold\"", errorReading("\"bold\"", AttributeMap.class));
    }

    @Test
    void readDelta_errorInsideAnotherValue_isStillAJacksonMismatch() {
        String json = "{\"delta\":{\"ops\":[{\"insert\":\"\"}]}}";
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> mapper.readValue(json, mapper.getTypeFactory().constructMapType(Map.class, String.class, Delta.class)));
        assertEquals("ops[0]: \"insert\" must not be an empty string", e.getOriginalMessage());
    }
}
