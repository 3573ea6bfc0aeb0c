"""Admin pages for the catalogue. Products are declared in code: the code's values win at
the next migrate, so the pages are for reading (and for the fixed inputs at a glance)."""

from django.contrib import admin

from products.models import FixedInput, Product


class FixedInputInline(admin.TabularInline):
    model = FixedInput
    extra = 0
    fields = ["name", "value"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "product_type", "tag", "status", "in_code"]
    list_filter = ["product_type", "tag", "status", "in_code"]
    search_fields = ["name", "description"]
    readonly_fields = ["product_type", "in_code", "created_at"]
    inlines = [FixedInputInline]
