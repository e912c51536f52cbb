package com.acme.granary.gradle;

public final class Shout {
    private Shout() {}

    public static String shout(String what) {
        return what.toUpperCase() + "! (granary-gradle-lib $version)";
    }
}
