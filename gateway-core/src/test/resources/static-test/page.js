document.title = "js";
