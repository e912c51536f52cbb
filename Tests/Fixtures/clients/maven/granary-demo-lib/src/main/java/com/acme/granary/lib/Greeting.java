package com.acme.granary.lib;

public final class Greeting {
    private Greeting() {}

    public static String greet(String who) {
        return "hello " + who + " from granary-demo-lib $version$note";
    }
}
