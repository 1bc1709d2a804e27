package dev.switchboard.cli;

import dev.switchboard.client.ElicitationHandler;
import dev.switchboard.protocol.codec.ElicitationSchemas;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers a server's elicitation at the terminal: a form is asked field by field (see
 * {@link FormField}), then the user accepts, declines or cancels; a URL is shown and the user
 * confirms once done there. Prompts go to {@code out} (the command's stderr, so stdout stays the
 * result) and answers are read a line at a time from {@code in}, so a script can pipe them in.
 * When the input ends (EOF: stdin is {@code /dev/null}, a pipe that ran dry, Ctrl-D) the request
 * is declined with a note, and so is every later one, instead of waiting for input that will not
 * come.
 */
final class TerminalElicitation implements ElicitationHandler {
    private final BufferedReader in;
    private final PrintWriter out;
    private boolean ended;

    TerminalElicitation(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /** Reads {@code stdin} (the console's encoding, when there is a console) and prompts on {@code out}. */
    static TerminalElicitation reading(InputStream stdin, PrintWriter out) {
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        return new TerminalElicitation(new BufferedReader(new InputStreamReader(stdin, charset)), out);
    }

    /** Synchronized: one question at a time on the one terminal, even if a client asks from two threads. */
    @Override
    public synchronized ElicitResult elicit(ElicitRequest request) {
        out.println("[the server asks] " + request.message());
        if (!request.isForm() && !request.isUrl()) {
            out.println("  declined: this client does not know elicitation mode \"" + request.mode() + "\"");
            return ElicitResult.decline();
        }
        if (ended) {
            return noInput();
        }
        try {
            return request.isUrl() ? url(request) : form(request);
        } catch (EndOfInput e) {
            ended = true;
            return noInput();
        } finally {
            out.flush();
        }
    }

    private ElicitResult form(ElicitRequest request) throws EndOfInput {
        JsonObject content = fill(fields(request.requestedSchema()));
        while (true) {
            String answer = ask("  Send these answers? [a]ccept, [d]ecline, [c]ancel (default a): ");
            switch (answer.toLowerCase(Locale.ROOT)) {
                case "", "a", "accept" -> {
                    return ElicitResult.accept(content);
                }
                case "d", "decline" -> {
                    return ElicitResult.decline();
                }
                case "c", "cancel" -> {
                    return ElicitResult.cancel();
                }
                default -> out.println("  type a, d or c");
            }
        }
    }

    private ElicitResult url(ElicitRequest request) throws EndOfInput {
        out.println("  Open this URL: " + request.url());
        while (true) {
            String answer = ask("  Press Enter once done there, or type d to decline, c to cancel: ");
            switch (answer.toLowerCase(Locale.ROOT)) {
                case "", "done", "a", "accept", "y", "yes" -> {
                    return ElicitResult.accept(null);
                }
                case "d", "decline", "n", "no" -> {
                    return ElicitResult.decline();
                }
                case "c", "cancel" -> {
                    return ElicitResult.cancel();
                }
                default -> out.println("  press Enter, or type d or c");
            }
        }
    }

    /** The fields of {@code requestedSchema} in order, with what {@code required} lists. */
    static List<FormField> fields(JsonObject requestedSchema) {
        List<String> required = new ArrayList<>();
        if (requestedSchema.get("required") instanceof JsonArray names) {
            names.values().forEach(n -> required.add(n.asString()));
        }
        List<FormField> fields = new ArrayList<>();
        for (Map.Entry<String, PrimitiveSchemaDefinition> e : ElicitationSchemas.properties(requestedSchema).entrySet()) {
            fields.add(new FormField(e.getKey(), e.getValue(), required.contains(e.getKey())));
        }
        return fields;
    }

    /** Asks every field until it has an acceptable answer; optional fields left empty are left out. */
    private JsonObject fill(List<FormField> fields) throws EndOfInput {
        JsonObject.Builder content = JsonObject.builder();
        for (FormField field : fields) {
            String description = field.schema().description();
            String label = "  " + field.label() + (description == null || description.isBlank() ? "" : " — " + description);
            List<String> choices = field.choices();
            String prompt = label + " " + bracket(field);
            if (!choices.isEmpty()) {
                out.println(label);
                for (int i = 0; i < choices.size(); i++) {
                    out.println("    " + (i + 1) + ") " + choices.get(i));
                }
                prompt = "  choose " + bracket(field);
            }
            while (true) {
                String line = ask(prompt).strip();
                if (line.isEmpty()) {
                    Json d = field.defaultValue();
                    if (d != null) {
                        content.put(field.name(), d);
                        break;
                    }
                    if (field.required()) {
                        out.println("  a value is required");
                        continue;
                    }
                    break;
                }
                switch (field.parse(line)) {
                    case FormField.Parsed.Value(Json value) -> content.put(field.name(), value);
                    case FormField.Parsed.Invalid(String why) -> {
                        out.println("  " + why);
                        continue;
                    }
                }
                break;
            }
        }
        return content.build();
    }

    /** {@code (integer, 1 to 12, required) [default: 2]: } and the like. */
    private static String bracket(FormField field) {
        List<String> parts = new ArrayList<>();
        if (field.hint() != null) {
            parts.add(field.hint());
        }
        if (field.required()) {
            parts.add("required");
        } else if (field.defaultText() == null) {
            parts.add("optional, Enter to skip");
        }
        String text = parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
        String withDefault = field.defaultText() == null ? text : (text + " [default: " + field.defaultText() + "]").strip();
        return withDefault + ": ";
    }

    /** Prints {@code prompt} and reads one line. */
    private String ask(String prompt) throws EndOfInput {
        out.print(prompt);
        out.flush();
        try {
            String line = in.readLine();
            if (line == null) {
                out.println();
                throw new EndOfInput();
            }
            return line;
        } catch (IOException e) {
            out.println();
            throw new EndOfInput();
        }
    }

    private ElicitResult noInput() {
        out.println("  declined: no input to answer with (stdin ended); run the command at a terminal, "
                + "or pipe the answers in, one per line");
        return ElicitResult.decline();
    }

    /** The input ended: nothing more can be asked. */
    private static final class EndOfInput extends Exception {
        EndOfInput() {
            super(null, null, false, false);
        }
    }
}
