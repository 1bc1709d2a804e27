package dev.switchboard.server;

import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.internal.Catalog;
import dev.switchboard.server.internal.UriTemplate;
import dev.switchboard.server.tasks.TaskPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A complete set of tools, resources, resource templates, prompts and completions that replaces a
 * running server's in one step ({@link McpServer#replaceCatalog}), for servers whose definitions
 * come from elsewhere (a gateway mirrors its upstreams). Definitions are checked as they are added,
 * so a bad one can be refused alone. Build with {@link #builder()}; not thread-safe while building,
 * immutable once built.
 */
public final class CatalogUpdate {
    private final List<Catalog.ToolEntry> tools;
    private final List<Catalog.ResourceEntry> resources;
    private final List<Catalog.TemplateEntry> templates;
    private final List<Catalog.PromptEntry> prompts;
    private final Map<String, CompletionHandler> completions;
    private final Catalog.Changes announced;

    private CatalogUpdate(Builder b) {
        this.tools = List.copyOf(b.tools);
        this.resources = List.copyOf(b.resources);
        this.templates = List.copyOf(b.templates);
        this.prompts = List.copyOf(b.prompts);
        this.completions = Map.copyOf(b.completions);
        this.announced = new Catalog.Changes(b.announceTools, b.announceResources, b.announcePrompts);
    }

    /** An empty update to fill. */
    public static Builder builder() {
        return new Builder();
    }

    /** Applies it; returns the lists to announce as changed: those that differ, and those it announces anyway. */
    Catalog.Changes applyTo(Catalog catalog) {
        Catalog.Changes c = catalog.replace(tools, resources, templates, prompts, completions);
        return new Catalog.Changes(c.tools() || announced.tools(), c.resources() || announced.resources(),
                c.prompts() || announced.prompts());
    }

    /** Collects definitions in the order they will be listed. */
    public static final class Builder {
        private final List<Catalog.ToolEntry> tools = new ArrayList<>();
        private final List<Catalog.ResourceEntry> resources = new ArrayList<>();
        private final List<Catalog.TemplateEntry> templates = new ArrayList<>();
        private final List<Catalog.PromptEntry> prompts = new ArrayList<>();
        private final Map<String, CompletionHandler> completions = new LinkedHashMap<>();
        private boolean announceTools;
        private boolean announceResources;
        private boolean announcePrompts;

        private Builder() {
        }

        /**
         * Announces these lists as changed even when their definitions are equal, for a server
         * passing on another's list_changed (a gateway whose upstream said so).
         */
        public Builder announceListChanged(boolean tools, boolean resources, boolean prompts) {
            announceTools |= tools;
            announceResources |= resources;
            announcePrompts |= prompts;
            return this;
        }

        /**
         * Adds a tool.
         *
         * @throws IllegalArgumentException for an invalid name, schema or {@code x-mcp-header}
         *                                  (nothing is added then)
         */
        public Builder tool(Tool tool, ToolHandler handler) {
            tools.add(Catalog.toolEntry(tool, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /**
         * Adds a tool that may run as a task, as {@link McpServer.Builder#tool(Tool, ToolHandler, TaskPolicy)}:
         * the server then serves the Tasks extension.
         *
         * @throws IllegalArgumentException for an invalid name, schema or {@code x-mcp-header}
         */
        public Builder tool(Tool tool, ToolHandler handler, TaskPolicy task) {
            tools.add(Catalog.toolEntry(tool, Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(task, "task")));
            return this;
        }

        /** Adds a resource at its exact URI. */
        public Builder resource(Resource resource, ResourceHandler handler) {
            resources.add(new Catalog.ResourceEntry(resource, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** Adds a resource template; reads of matching URIs go to {@code handler}. */
        public Builder resourceTemplate(ResourceTemplate template, ResourceHandler handler) {
            templates.add(new Catalog.TemplateEntry(template, new UriTemplate(template.uriTemplate()),
                    Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** Adds a prompt. */
        public Builder prompt(Prompt prompt, PromptHandler handler) {
            prompts.add(new Catalog.PromptEntry(prompt, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** Completes {@code argument} of prompt {@code prompt}. */
        public Builder promptCompletion(String prompt, String argument, CompletionHandler handler) {
            completions.put(Catalog.promptKey(prompt, argument), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Completes {@code argument} of the resource template {@code uriTemplate}. */
        public Builder resourceCompletion(String uriTemplate, String argument, CompletionHandler handler) {
            completions.put(Catalog.templateKey(uriTemplate, argument), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** The update. */
        public CatalogUpdate build() {
            return new CatalogUpdate(this);
        }
    }
}
