package dev.switchboard.protocol.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A JSON number. Integers that fit a {@code long} are kept as such (the common case: ids,
 * counters, {@code ttlMs}); everything else as a {@link BigDecimal}, so no precision is lost on a
 * round trip. Equality is numeric: {@code 42} equals {@code 42.0}.
 */
public final class JsonNumber implements Json {
    private final long longValue;
    private final BigDecimal decimal; // null when the value is an integer held in longValue

    private JsonNumber(long longValue, BigDecimal decimal) {
        this.longValue = longValue;
        this.decimal = decimal;
    }

    /** An integral number. */
    public static JsonNumber of(long value) {
        return new JsonNumber(value, null);
    }

    /** A floating-point number; must be finite (JSON has no NaN or infinity). */
    public static JsonNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON numbers must be finite, got " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 9.0e15) {
            return new JsonNumber((long) value, null);
        }
        return of(BigDecimal.valueOf(value));
    }

    /** Any decimal; integral values that fit a long are normalised to the long form. */
    public static JsonNumber of(BigDecimal value) {
        Objects.requireNonNull(value, "value");
        if (value.signum() == 0) {
            return new JsonNumber(0, null);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            return new JsonNumber(stripped.longValueExact(), null);
        }
        return new JsonNumber(0, value);
    }

    /** An arbitrary-size integer. */
    public static JsonNumber of(BigInteger value) {
        return of(new BigDecimal(value));
    }

    /** True when the value is a whole number (whatever its spelling on the wire). */
    public boolean isIntegral() {
        return decimal == null || decimal.stripTrailingZeros().scale() <= 0;
    }

    /** True when the value is integral and fits a {@code long} exactly. */
    public boolean fitsLong() {
        return decimal == null;
    }

    /** The value as a long; throws {@link ArithmeticException} unless {@link #fitsLong()}. */
    public long longValue() {
        if (decimal != null) {
            throw new ArithmeticException("not a long: " + decimal);
        }
        return longValue;
    }

    /** The value as a double (may round). */
    public double doubleValue() {
        return decimal == null ? longValue : decimal.doubleValue();
    }

    /** The exact value. */
    public BigDecimal decimalValue() {
        return decimal == null ? BigDecimal.valueOf(longValue) : decimal;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JsonNumber other)) {
            return false;
        }
        if (decimal == null && other.decimal == null) {
            return longValue == other.longValue;
        }
        return decimalValue().compareTo(other.decimalValue()) == 0;
    }

    @Override
    public int hashCode() {
        return decimal == null ? Long.hashCode(longValue) : decimal.stripTrailingZeros().hashCode();
    }

    @Override
    public String toString() {
        return decimal == null ? Long.toString(longValue) : decimal.toString();
    }
}
