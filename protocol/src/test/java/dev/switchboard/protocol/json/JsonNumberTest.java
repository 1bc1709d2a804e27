package dev.switchboard.protocol.json;

import dev.switchboard.protocol.codec.Wire;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonNumberTest {

    @Test
    void equalsAnIntegerWrittenWithAFraction() {
        assertThat(Wire.parse("42")).isEqualTo(Wire.parse("42.0"));
        assertThat(Wire.parse("42").hashCode()).isEqualTo(Wire.parse("42.0").hashCode());
    }

    @Test
    void equalsAnIntegerWrittenWithAnExponent() {
        assertThat(Wire.parse("1e2")).isEqualTo(JsonNumber.of(100));
        assertThat(Wire.parse("1E+2")).isEqualTo(Wire.parse("100.00"));
    }

    @Test
    void equalsAcrossTheLongAndDecimalForms() {
        assertThat(JsonNumber.of(new BigDecimal("5.000"))).isEqualTo(JsonNumber.of(5));
        assertThat(JsonNumber.of(5.0)).isEqualTo(JsonNumber.of(5));
        assertThat(JsonNumber.of(new BigDecimal("0.50"))).isEqualTo(JsonNumber.of(0.5));
        assertThat(JsonNumber.of(new BigDecimal("0.50")).hashCode()).isEqualTo(JsonNumber.of(0.5).hashCode());
    }

    @Test
    void distinguishesDifferentValues() {
        assertThat(JsonNumber.of(42)).isNotEqualTo(JsonNumber.of(43));
        assertThat(JsonNumber.of(0.1)).isNotEqualTo(JsonNumber.of(0.2));
        assertThat(JsonNumber.of(1)).isNotEqualTo(new JsonString("1"));
    }

    @Test
    void treatsNegativeZeroAsZero() {
        assertThat(Wire.parse("-0")).isEqualTo(JsonNumber.of(0));
        assertThat(Wire.parse("-0.0")).isEqualTo(JsonNumber.of(0));
    }

    @Test
    void keepsIntegersBeyondLongExactly() {
        String big = "123456789012345678901234567890";
        JsonNumber n = (JsonNumber) Wire.parse(big);
        assertThat(n.fitsLong()).isFalse();
        assertThat(n.isIntegral()).isTrue();
        assertThat(n.decimalValue().toBigIntegerExact()).isEqualTo(new BigInteger(big));
        assertThat(Wire.toText(n)).isEqualTo(big);
    }

    @Test
    void keepsDecimalsWithMoreDigitsThanADouble() {
        String precise = "0.1000000000000000055511151231257827021181583404541015625";
        JsonNumber n = (JsonNumber) Wire.parse(precise);
        assertThat(n.decimalValue()).isEqualByComparingTo(new BigDecimal(precise));
        assertThat(Wire.parse(Wire.toText(n))).isEqualTo(n);
        assertThat(n).isNotEqualTo(Wire.parse("0.1"));
    }

    @Test
    void keepsLongExtremesInTheLongForm() {
        assertThat(((JsonNumber) Wire.parse(Long.toString(Long.MAX_VALUE))).longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(((JsonNumber) Wire.parse(Long.toString(Long.MIN_VALUE))).longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(((JsonNumber) Wire.parse("9223372036854775808")).fitsLong()).isFalse();
    }

    @Test
    void reportsWhetherAValueIsIntegral() {
        assertThat(JsonNumber.of(3).isIntegral()).isTrue();
        assertThat(JsonNumber.of(2.5).isIntegral()).isFalse();
        assertThat(((JsonNumber) Wire.parse("3.0")).isIntegral()).isTrue();
        assertThat(((JsonNumber) Wire.parse("1e30")).isIntegral()).isTrue();
        assertThat(((JsonNumber) Wire.parse("1e-3")).isIntegral()).isFalse();
    }

    @Test
    void refusesLongValueOfANonLong() {
        assertThatThrownBy(() -> JsonNumber.of(2.5).longValue()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void refusesNonFiniteDoubles() {
        assertThatThrownBy(() -> JsonNumber.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonNumber.of(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertsToDouble() {
        assertThat(JsonNumber.of(7).doubleValue()).isEqualTo(7.0);
        assertThat(((JsonNumber) Wire.parse("22.5")).doubleValue()).isEqualTo(22.5);
    }

    @Test
    void printsCompactly() {
        assertThat(JsonNumber.of(42)).hasToString("42");
        assertThat(JsonNumber.of(0.25)).hasToString("0.25");
        assertThat(JsonNumber.of(42.0)).hasToString("42");
    }

    @Test
    void writesWholeDoublesAsIntegers() {
        assertThat(Wire.toText(JsonNumber.of(50.0))).isEqualTo("50");
        assertThat(Wire.toText(JsonNumber.of(0.8))).isEqualTo("0.8");
    }
}
