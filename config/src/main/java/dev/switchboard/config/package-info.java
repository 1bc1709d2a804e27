/**
 * Configuration: one YAML file per process, validated against a JSON Schema shipped with the
 * command, and every setting also from a flag or a {@code SWITCHBOARD_*} environment variable
 * (flag, then environment, then file, then default). Every error names where the bad value came
 * from: {@code file:line:column} and the field, the variable, or the flag.
 */
package dev.switchboard.config;
