"""The coping plan (relapse-prevention plan in a substance-use programme), kept with the client."""
