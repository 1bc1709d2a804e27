package dev.switchboard.cli;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal prompter with scripted input: what it asks, what it sends, and how it ends. */
class TerminalElicitationTest {
    static final JsonObject BOOKING = (JsonObject) Wire.parse("""
            {"type":"object","properties":{
              "name":{"type":"string","title":"Your name","minLength":2},
              "party":{"type":"integer","title":"Party size","description":"people at the table","minimum":1,"maximum":12},
              "seating":{"type":"string","title":"Seating","oneOf":[{"const":"in","title":"Indoors"},
                                                                  {"const":"out","title":"Terrace"}],"default":"in"},
              "vegetarian":{"type":"boolean","title":"Vegetarian menu?"},
              "note":{"type":"string"}},
             "required":["name","party","vegetarian"]}""");

    private final StringWriter prompts = new StringWriter();

    private ElicitResult answer(ElicitRequest request, String... lines) {
        return prompter(lines).elicit(request);
    }

    private TerminalElicitation prompter(String... lines) {
        String input = lines.length == 0 ? "" : String.join("\n", lines) + "\n";
        return new TerminalElicitation(new BufferedReader(new StringReader(input)), new PrintWriter(prompts, true));
    }

    private static ElicitRequest booking() {
        return ElicitRequest.form("Book a table?", BOOKING);
    }

    @Test
    void asksEachFieldByItsSchemaAndSendsTheAnswersOnAccept() {
        ElicitResult r = answer(booking(), "Ada", "4", "2", "y", "", "a");
        assertThat(r.action()).isEqualTo(ElicitResult.Action.ACCEPT);
        assertThat(r.content()).isEqualTo(Wire.parse("""
                {"name":"Ada","party":4,"seating":"out","vegetarian":true}"""));
        assertThat(prompts.toString())
                .contains("[the server asks] Book a table?")
                .contains("Party size — people at the table")
                .contains("(integer, 1 to 12, required)")
                .contains("1) Indoors").contains("2) Terrace").contains("(1-2) [default: Indoors]")
                .contains("(y/n, required)")
                .contains("note").contains("optional, Enter to skip")
                .contains("[a]ccept, [d]ecline, [c]ancel");
    }

    @Test
    void reAsksABadNumberUntilItIsValid() {
        ElicitResult r = answer(booking(), "Ada", "four", "2.5", "13", "0", "12", "", "n", "", "");
        assertThat(r.content().get("party").toString()).isEqualTo("12");
        assertThat(prompts.toString())
                .contains("expected a whole number, 1 to 12")
                .contains("expected a number, 1 to 12");
    }

    @Test
    void anEmptyChoiceTakesTheDefaultAndAChoiceMayBeTypedByValueOrTitle() {
        assertThat(answer(booking(), "Ada", "2", "", "n", "", "").content().getString("seating")).isEqualTo("in");
        assertThat(answer(booking(), "Ada", "2", "Terrace", "n", "", "").content().getString("seating")).isEqualTo("out");
        assertThat(answer(booking(), "Ada", "2", "3", "out", "n", "", "").content().getString("seating")).isEqualTo("out");
        assertThat(prompts.toString()).contains("choose a number from 1 to 2");
    }

    @Test
    void requiredFieldsAndStringLimitsAreEnforced() {
        ElicitResult r = answer(booking(), "", "A", "Ada", "", "3", "", "maybe", "y", "vegan please", "");
        assertThat(r.content().getString("name")).isEqualTo("Ada");
        assertThat(r.content().getString("note")).isEqualTo("vegan please");
        assertThat(prompts.toString()).contains("a value is required").contains("type at least 2 characters")
                .contains("answer y or n");
    }

    @Test
    void declineAndCancelSendNoContent() {
        ElicitResult declined = answer(booking(), "Ada", "2", "", "y", "", "d");
        assertThat(declined.action()).isEqualTo(ElicitResult.Action.DECLINE);
        assertThat(declined.content()).isNull();
        ElicitResult cancelled = answer(booking(), "Ada", "2", "", "y", "", "x", "cancel");
        assertThat(cancelled.action()).isEqualTo(ElicitResult.Action.CANCEL);
        assertThat(prompts.toString()).contains("type a, d or c");
    }

    @Test
    void theEndOfInputDeclinesThisRequestAndEveryLaterOneWithoutWaiting() {
        TerminalElicitation prompter = prompter("Ada"); // the input ends at the party size
        assertThat(prompter.elicit(booking()).action()).isEqualTo(ElicitResult.Action.DECLINE);
        assertThat(prompts.toString()).contains("declined: no input to answer with (stdin ended)");
        int before = prompts.toString().length();
        assertThat(prompter.elicit(ElicitRequest.form("Again?", BOOKING)).action()).isEqualTo(ElicitResult.Action.DECLINE);
        assertThat(prompts.toString().substring(before)).contains("Again?").contains("declined: no input")
                .doesNotContain("Your name");
    }

    @Test
    void emptyInputDeclinesAtOnce() {
        assertThat(answer(booking()).action()).isEqualTo(ElicitResult.Action.DECLINE);
        assertThat(prompts.toString()).contains("stdin ended");
    }

    @Test
    void urlModeShowsTheUrlAndAcceptsOnceDone() {
        ElicitRequest login = ElicitRequest.url("Sign in to continue", "https://auth.example.com/device?code=42");
        ElicitResult done = answer(login, "");
        assertThat(done.action()).isEqualTo(ElicitResult.Action.ACCEPT);
        assertThat(done.content()).isNull();
        assertThat(prompts.toString()).contains("Sign in to continue")
                .contains("Open this URL: https://auth.example.com/device?code=42");
        assertThat(answer(login, "d").action()).isEqualTo(ElicitResult.Action.DECLINE);
        assertThat(answer(login, "later", "c").action()).isEqualTo(ElicitResult.Action.CANCEL);
        assertThat(prompts.toString()).contains("press Enter, or type d or c");
    }

    @Test
    void multiSelectTakesNumbersSeparatedByCommasWithinItsLimits() {
        JsonObject schema = (JsonObject) Wire.parse("""
                {"type":"object","properties":{"toppings":{"type":"array","minItems":1,"maxItems":2,
                  "items":{"anyOf":[{"const":"ch","title":"Cheese"},{"const":"mu","title":"Mushrooms"},
                                    {"const":"ol","title":"Olives"}]}}},"required":["toppings"]}""");
        ElicitResult r = answer(ElicitRequest.form("Toppings?", schema), "1,2,3", "9", "3, 1", "");
        assertThat(r.content().get("toppings").toString()).isEqualTo("[\"ol\",\"ch\"]");
        assertThat(prompts.toString()).contains("choose 1 to 2").contains("\"9\" is not one of the choices");
    }
}
