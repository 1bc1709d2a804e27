package dev.switchboard.server.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.CompletionHandler;
import dev.switchboard.protocol.headers.HeaderBinding;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's definitions: tools, resources, templates, prompts, completions. Lists keep
 * registration order (so {@code tools/list} is deterministic). Readers get immutable snapshots;
 * changes replace the snapshot under a lock.
 */
public final class Catalog {
    private static final Pattern TOOL_NAME = Pattern.compile("^[A-Za-z0-9_.\\-]{1,128}$");

    /** A registered tool with its compiled schemas, header bindings and task policy (null: never a task). */
    public record ToolEntry(Tool tool, ToolHandler handler, JsonSchema input, JsonSchema output,
                            List<HeaderBinding> bindings, TaskPolicy task) {
    }

    /** A registered resource. */
    public record ResourceEntry(Resource resource, ResourceHandler handler) {
    }

    /** A registered resource template. */
    public record TemplateEntry(ResourceTemplate template, UriTemplate matcher, ResourceHandler handler) {
    }

    /** A registered prompt. */
    public record PromptEntry(Prompt prompt, PromptHandler handler) {
    }

    private volatile Map<String, ToolEntry> tools = Map.of();
    private volatile Map<String, ResourceEntry> resources = Map.of();
    private volatile Map<String, TemplateEntry> templates = Map.of();
    private volatile Map<String, PromptEntry> prompts = Map.of();
    private volatile Map<String, CompletionHandler> completions = Map.of();

    /**
     * Compiles and checks a tool definition.
     *
     * @throws IllegalArgumentException for a bad name, an invalid schema or a bad x-mcp-header
     */
    public static ToolEntry toolEntry(Tool tool, ToolHandler handler) {
        return toolEntry(tool, handler, null);
    }

    /**
     * Compiles and checks a tool definition that may run as a task; {@code tools/list} shows the
     * policy as {@code execution.taskSupport} unless the tool sets its own {@code execution}.
     *
     * @throws IllegalArgumentException for a bad name, an invalid schema or a bad x-mcp-header
     */
    public static ToolEntry toolEntry(Tool tool, ToolHandler handler, TaskPolicy task) {
        if (task != null && tool.execution() == null) {
            tool = new Tool(tool.name(), tool.title(), tool.description(), tool.inputSchema(), tool.outputSchema(),
                    tool.annotations(), tool.icons(), JsonObject.of("taskSupport", Json.of(task.support().wireName())),
                    tool.meta());
        }
        if (!TOOL_NAME.matcher(tool.name()).matches()) {
            throw new IllegalArgumentException("tool name \"" + tool.name()
                    + "\" must be 1 to 128 characters of A-Z a-z 0-9 _ - .");
        }
        if (!"object".equals(tool.inputSchema().getString("type"))) {
            throw new IllegalArgumentException("tool " + tool.name() + ": inputSchema must have \"type\": \"object\"");
        }
        JsonSchema in;
        JsonSchema out = null;
        try {
            in = JsonSchema.compile(tool.inputSchema());
            if (tool.outputSchema() != null) {
                out = JsonSchema.compile(tool.outputSchema());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tool " + tool.name() + ": " + e.getMessage(), e);
        }
        return new ToolEntry(tool, handler, in, out, HeaderAnnotations.of(tool.name(), tool.inputSchema()), task);
    }

    /** Adds or replaces a tool. */
    public synchronized void put(ToolEntry entry) {
        Map<String, ToolEntry> next = new LinkedHashMap<>(tools);
        next.put(entry.tool().name(), entry);
        tools = java.util.Collections.unmodifiableMap(next);
    }

    /** Removes a tool; true when it existed. */
    public synchronized boolean removeTool(String name) {
        if (!tools.containsKey(name)) {
            return false;
        }
        Map<String, ToolEntry> next = new LinkedHashMap<>(tools);
        next.remove(name);
        tools = java.util.Collections.unmodifiableMap(next);
        return true;
    }

    /** Adds or replaces a resource. */
    public synchronized void put(ResourceEntry entry) {
        Map<String, ResourceEntry> next = new LinkedHashMap<>(resources);
        next.put(entry.resource().uri(), entry);
        resources = java.util.Collections.unmodifiableMap(next);
    }

    /** Adds or replaces a template. */
    public synchronized void put(TemplateEntry entry) {
        Map<String, TemplateEntry> next = new LinkedHashMap<>(templates);
        next.put(entry.template().uriTemplate(), entry);
        templates = java.util.Collections.unmodifiableMap(next);
    }

    /** Adds or replaces a prompt. */
    public synchronized void put(PromptEntry entry) {
        Map<String, PromptEntry> next = new LinkedHashMap<>(prompts);
        next.put(entry.prompt().name(), entry);
        prompts = java.util.Collections.unmodifiableMap(next);
    }

    /** Removes a prompt; true when it existed. */
    public synchronized boolean removePrompt(String name) {
        if (!prompts.containsKey(name)) {
            return false;
        }
        Map<String, PromptEntry> next = new LinkedHashMap<>(prompts);
        next.remove(name);
        prompts = java.util.Collections.unmodifiableMap(next);
        return true;
    }

    /** Which lists a {@link #replace} changed, so that listeners hear only of those. */
    public record Changes(boolean tools, boolean resources, boolean prompts) {
    }

    /**
     * Replaces every definition at once: readers see the old catalog or the new one, never a mix.
     * Keeps each list's order as given.
     *
     * @return which lists differ from before (by definition, not by handler)
     */
    public synchronized Changes replace(List<ToolEntry> newTools, List<ResourceEntry> newResources,
                                        List<TemplateEntry> newTemplates, List<PromptEntry> newPrompts,
                                        Map<String, CompletionHandler> newCompletions) {
        Map<String, ToolEntry> t = new LinkedHashMap<>();
        newTools.forEach(e -> t.put(e.tool().name(), e));
        Map<String, ResourceEntry> r = new LinkedHashMap<>();
        newResources.forEach(e -> r.put(e.resource().uri(), e));
        Map<String, TemplateEntry> rt = new LinkedHashMap<>();
        newTemplates.forEach(e -> rt.put(e.template().uriTemplate(), e));
        Map<String, PromptEntry> p = new LinkedHashMap<>();
        newPrompts.forEach(e -> p.put(e.prompt().name(), e));
        Changes changes = new Changes(
                !definitions(tools.values(), ToolEntry::tool).equals(definitions(t.values(), ToolEntry::tool)),
                !definitions(resources.values(), ResourceEntry::resource).equals(definitions(r.values(), ResourceEntry::resource))
                        || !definitions(templates.values(), TemplateEntry::template)
                        .equals(definitions(rt.values(), TemplateEntry::template)),
                !definitions(prompts.values(), PromptEntry::prompt).equals(definitions(p.values(), PromptEntry::prompt)));
        tools = java.util.Collections.unmodifiableMap(t);
        resources = java.util.Collections.unmodifiableMap(r);
        templates = java.util.Collections.unmodifiableMap(rt);
        prompts = java.util.Collections.unmodifiableMap(p);
        completions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(newCompletions));
        return changes;
    }

    private static <E, D> List<D> definitions(java.util.Collection<E> entries, java.util.function.Function<E, D> definition) {
        return entries.stream().map(definition).toList();
    }

    /** Registers a completion handler under a key from {@link #promptKey} or {@link #templateKey}. */
    public synchronized void putCompletion(String key, CompletionHandler handler) {
        Map<String, CompletionHandler> next = new LinkedHashMap<>(completions);
        next.put(key, handler);
        completions = java.util.Collections.unmodifiableMap(next);
    }

    /** Completion key for a prompt argument. */
    public static String promptKey(String prompt, String argument) {
        return "prompt\u0000" + prompt + "\u0000" + argument;
    }

    /** Completion key for a resource-template argument. */
    public static String templateKey(String uriTemplate, String argument) {
        return "resource\u0000" + uriTemplate + "\u0000" + argument;
    }

    /** The tool, or null. */
    public ToolEntry tool(String name) {
        return tools.get(name);
    }

    /** Tools in registration order. */
    public List<ToolEntry> tools() {
        return new ArrayList<>(tools.values());
    }

    /** The resource with exactly this URI, or null. */
    public ResourceEntry resource(String uri) {
        return resources.get(uri);
    }

    /** Resources in registration order. */
    public List<ResourceEntry> resources() {
        return new ArrayList<>(resources.values());
    }

    /** Templates in registration order. */
    public List<TemplateEntry> templates() {
        return new ArrayList<>(templates.values());
    }

    /** The template with this exact URI template text, or null. */
    public TemplateEntry template(String uriTemplate) {
        return templates.get(uriTemplate);
    }

    /** The prompt, or null. */
    public PromptEntry prompt(String name) {
        return prompts.get(name);
    }

    /** Prompts in registration order. */
    public List<PromptEntry> prompts() {
        return new ArrayList<>(prompts.values());
    }

    /** A completion handler, or null. */
    public CompletionHandler completion(String key) {
        return completions.get(key);
    }

    /** True when any tool is registered. */
    public boolean hasTools() {
        return !tools.isEmpty();
    }

    /** True when any tool may run as a task (the Tasks extension is then served). */
    public boolean hasTaskTools() {
        return tools.values().stream().anyMatch(t -> t.task() != null);
    }

    /** True when any resource or resource template is registered. */
    public boolean hasResources() {
        return !resources.isEmpty() || !templates.isEmpty();
    }

    /** True when any prompt is registered. */
    public boolean hasPrompts() {
        return !prompts.isEmpty();
    }

    /** True when any completion handler is registered. */
    public boolean hasCompletions() {
        return !completions.isEmpty();
    }
}
