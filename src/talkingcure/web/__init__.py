"""The page shell: layout, navigation, a home page per role."""
