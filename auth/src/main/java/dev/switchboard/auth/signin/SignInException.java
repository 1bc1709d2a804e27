package dev.switchboard.auth.signin;

/** A sign-in that cannot finish; the message is for the person in the browser. */
public final class SignInException extends Exception {
    SignInException(String message) {
        super(message);
    }

    SignInException(String message, Throwable cause) {
        super(message, cause);
    }
}
